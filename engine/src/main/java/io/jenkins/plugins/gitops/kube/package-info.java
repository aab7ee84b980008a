/**
 * One Kubernetes API server as the engine speaks to it: discovery of resources, get, list by label,
 * server-side apply, create, update and delete in JSON over fabric8's HTTP client, each retried per
 * {@link io.jenkins.plugins.gitops.kube.RetryPolicy} and counted; objects as plain maps ({@link
 * io.jenkins.plugins.gitops.kube.KubeObject}) keyed by {@link
 * io.jenkins.plugins.gitops.kube.ResourceKey}; API errors as {@link
 * io.jenkins.plugins.gitops.kube.KubeApiException}.
 */
package io.jenkins.plugins.gitops.kube;
