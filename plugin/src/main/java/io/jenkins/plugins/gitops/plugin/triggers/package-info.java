/**
 * Triggers that start builds: {@code gitopsImageTrigger} (a new image tag), {@code gitopsModelTrigger}
 * (a new Model Registry version), {@code gitopsDriftTrigger} (live drift or a moved branch), with
 * their causes. {@link io.jenkins.plugins.gitops.plugin.triggers.PollingTrigger} polls off the cron
 * thread and keeps what each trigger has seen beside the job, so nothing fires twice.
 */
package io.jenkins.plugins.gitops.plugin.triggers;
