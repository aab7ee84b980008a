/**
 * Git write-back: clone the branch, apply the planned file changes, commit with a templated
 * message ({@link io.jenkins.plugins.gitops.image.writeback.CommitMessage}) and push, re-planning on
 * the new head when the remote moved meanwhile, a bounded number of times
 * ({@link io.jenkins.plugins.gitops.image.writeback.GitWriteBack}); or stop before the commit for a
 * dry run. Authenticates through {@code source.GitAuth} like a checkout. What to change comes from
 * {@code image.edit}; this package decides nothing about values.
 */
package io.jenkins.plugins.gitops.image.writeback;
