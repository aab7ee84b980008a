/**
 * Waiting until an app's objects are healthy by watching, not polling: one informer-style watch per
 * kind shared by the waits on one cluster, a re-assessment on every change, fail-fast on Degraded, a
 * deadline, and the wait's verdict and report ({@link
 * io.jenkins.plugins.gitops.health.wait.WaitResult}). The cluster is reached through the small {@link
 * io.jenkins.plugins.gitops.health.wait.KubeAccess}.
 */
package io.jenkins.plugins.gitops.health.wait;
