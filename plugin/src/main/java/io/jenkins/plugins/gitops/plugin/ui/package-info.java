/**
 * What a user sees: the run action and its records (what each step did), the job's page of app status,
 * the environment a builder contributes, and the field checks the configuration forms share.
 */
package io.jenkins.plugins.gitops.plugin.ui;
