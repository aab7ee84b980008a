package io.jenkins.plugins.gitops.sync;

/**
 * What the comparison found for one desired object.
 *
 * @param action CREATED, CONFIGURED, UNCHANGED or FAILED (the dry run refused it)
 * @param reason why it failed, or a note ("dry run skipped: ...", "recreate: ...")
 * @param diff unified diff, Secrets masked ("" unless diffs were asked for)
 * @param recreate the change touches an immutable field and force/replace allows recreating
 */
public record Change(Action action, String reason, String diff, boolean recreate) {
}
