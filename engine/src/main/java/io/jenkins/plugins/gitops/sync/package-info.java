/**
 * Making a cluster match a rendered set, as gitops-engine's sync does: diff against the live state,
 * plan (phases, waves, hooks, kind order), server-side apply, waits, prune, the app's inventory and
 * history, tracking labels, Lease-based exclusion of concurrent syncs of one app, rollback to a
 * history entry, and the result ({@link io.jenkins.plugins.gitops.sync.SyncResult}) with its one
 * external form. Secrets are masked in every diff and result.
 */
package io.jenkins.plugins.gitops.sync;
