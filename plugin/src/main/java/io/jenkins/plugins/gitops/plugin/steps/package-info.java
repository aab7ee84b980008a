/**
 * The Pipeline steps ({@code gitopsRender}, {@code gitopsSync}, {@code gitopsDiff}, {@code
 * gitopsWaitHealthy}, {@code gitopsRollback}, {@code gitopsRollout}, {@code gitopsApps}, {@code
 * imageUpdate}) and the describables nested in their parameters ({@code gitopsImage}, {@code
 * gitopsValue}, {@code gitopsHealthCheck}): parameters, their form checks, and the hand-off to the
 * runners of {@code agent}. The cluster parameters every cluster step shares are those of {@link
 * io.jenkins.plugins.gitops.plugin.steps.ClusterStep}, held in a {@link
 * io.jenkins.plugins.gitops.plugin.cluster.ClusterFields}.
 */
package io.jenkins.plugins.gitops.plugin.steps;
