/**
 * The Kubernetes API as the engine speaks it, in three parts:
 *
 * <ul>
 *   <li><b>configuration</b>: how to reach a cluster, {@link io.jenkins.plugins.gitops.kube.ClusterConfig}
 *       (kubeconfig and context, client certificate with server and CA, a pod's service account), and
 *       {@link io.jenkins.plugins.gitops.kube.ClientCertificate};</li>
 *   <li><b>verbs</b>: {@link io.jenkins.plugins.gitops.kube.Cluster} (discovery, get, list, apply,
 *       create, update, merge patch, delete, logs), every request retried per
 *       {@link io.jenkins.plugins.gitops.kube.RetryPolicy} and counted in an
 *       {@link io.jenkins.plugins.gitops.kube.ApiCallCounter}; kinds found through
 *       {@link io.jenkins.plugins.gitops.kube.ResourceResolver};</li>
 *   <li><b>watches and waits</b>: {@link io.jenkins.plugins.gitops.kube.ObjectWatch} (list, then a
 *       watch resumed and re-listed as client-go's reflector does), and the sync's waits on it
 *       (CRDs Established, one object done), reached through {@link io.jenkins.plugins.gitops.kube.Cluster}.</li>
 * </ul>
 *
 * Objects travel as Jackson trees wrapped in {@link io.jenkins.plugins.gitops.kube.KubeObject}
 * and are named by {@link io.jenkins.plugins.gitops.kube.ResourceKey} ({@code Kind.group/ns/name}).
 * Failures are {@link io.jenkins.plugins.gitops.kube.KubeApiException}s (what the server refused or
 * could not be reached, the object first) and {@link io.jenkins.plugins.gitops.kube.KubeObjectException}s
 * (a tree that is not an object); no fabric8 exception leaves the package. fabric8 is used for its
 * HTTP client only (okhttp, TLS, token and exec credentials), never for typed models.
 */
package io.jenkins.plugins.gitops.kube;
