/**
 * The image update, as Argo CD Image Updater and Flux's image automation do it: for each
 * {@link io.jenkins.plugins.gitops.image.ImageSpec} choose a tag ({@code image.policy}), edit the
 * files that name it ({@code image.edit}), check with a render that the edit takes effect, and
 * commit and push once ({@code image.writeback}). {@link io.jenkins.plugins.gitops.image.ImageUpdater}
 * runs it, for real ({@code update}, an {@link io.jenkins.plugins.gitops.image.ImageUpdateResult})
 * or as a dry run ({@code plan}, an {@link io.jenkins.plugins.gitops.image.ImageUpdatePlan}); both
 * have one external form ({@code toMap()}, {@code toJson()}) that the CLI prints and the step returns.
 *
 * <p>This package only composes the three below it; none of them depends on it or on each other
 * except {@code writeback} on {@code edit} (the changes it commits).
 */
package io.jenkins.plugins.gitops.image;
