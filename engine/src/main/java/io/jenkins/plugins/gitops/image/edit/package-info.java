/**
 * File edits: where a new tag or value is written ({@link io.jenkins.plugins.gitops.image.edit.WriteTarget}:
 * kustomization, Helm values, markers, plain manifests, Argo CD Application and
 * {@code .argocd-source} files), planned as text edits on the file as written (comments, quoting
 * and layout kept; {@code YamlFile}, {@code YamlInserts}, {@code KeyPath}), checked to parse and
 * read back before anything is written ({@link io.jenkins.plugins.gitops.image.edit.FileEditor}),
 * and after writing, proved to take effect by a render of the edited tree
 * ({@link io.jenkins.plugins.gitops.image.edit.RenderCheck}). Knows nothing of Git or registries'
 * answers: it is given the reference to write.
 */
package io.jenkins.plugins.gitops.image.edit;
