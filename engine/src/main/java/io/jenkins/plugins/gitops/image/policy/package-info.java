/**
 * Which tag: a {@link io.jenkins.plugins.gitops.image.policy.TagPolicy} (strategy semver,
 * newest-build, digest, alphabetical or numerical; filters; platforms) and its pure choice among
 * tags ({@link io.jenkins.plugins.gitops.image.policy.TagSelector}), and
 * {@link io.jenkins.plugins.gitops.image.policy.TagResolver}, which answers a
 * {@link io.jenkins.plugins.gitops.image.policy.TagQuery} by asking the registry what the policy
 * needs. A query has no write target: the update and the registry trigger ask it alike.
 * {@link io.jenkins.plugins.gitops.image.policy.TagQuery#builder} is the one place text parameters
 * (CLI options, step and trigger fields) become a query. Writes nothing.
 */
package io.jenkins.plugins.gitops.image.policy;
