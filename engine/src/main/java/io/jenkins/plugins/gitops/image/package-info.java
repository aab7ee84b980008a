/**
 * Image updates as Argo CD Image Updater makes them: an image spec and its tag policy (semver, latest,
 * alphabetical, digest, allow and ignore filters), tag resolution against an OCI registry, the edits
 * to kustomizations, Helm values, Argo CD Applications and marked manifests, and the write-back to Git
 * in one commit once a render shows every edit takes effect.
 */
package io.jenkins.plugins.gitops.image;
