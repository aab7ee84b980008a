/**
 * Reaching a cluster from Jenkins: the named clusters of the global configuration and their
 * restrictions on jobs, namespaces, kinds and repositories, the cluster fields steps and triggers
 * share ({@link io.jenkins.plugins.gitops.plugin.cluster.ClusterFields}), their resolution into
 * credentials-backed access for one call, and the shared watch connections of the health waits.
 */
package io.jenkins.plugins.gitops.plugin.cluster;
