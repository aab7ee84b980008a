package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.sync.SyncOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters of one sync, diff, rollback or drift check, in a serializable form without
 * secrets, turned into the engine's {@link SyncOptions} where the work runs. Made with one factory
 * per mode ({@link #sync}, {@link #diff}, {@link #rollback}, {@link #drift}), each a {@link Builder}
 * with that mode's fixed choices, so no caller writes a run of positional booleans.
 *
 * @param mode               what to do; {@link SyncMode#readOnly() read-only} modes are always dry runs
 * @param app                the app name (tracking label, inventory)
 * @param manifests          the manifests file, relative to the workspace ("" for a rollback or drift check)
 * @param revision           the revision recorded in history ("" when unknown)
 * @param namespace          default namespace of namespaced objects; "" for the kubeconfig context's
 * @param prune              delete objects of the app that are no longer in the manifests
 * @param pruneLast          prune after the PostSync phase
 * @param dryRun             plan and diff only
 * @param force              force field conflicts; recreate on immutable-field changes
 * @param applyOutOfSyncOnly skip objects already in sync
 * @param createNamespace    create {@code namespace} when missing
 * @param resources          selective sync ({@code Kind/name}, {@code Kind/ns/name}, {@code Kind.group/ns/name}); empty for all
 * @param inventoryNamespace namespace of the inventory ConfigMaps ("" for the engine's default)
 * @param timeout            how long to wait for CRDs, waves and hooks
 * @param initiator          recorded in history and in the app's Lease while the sync holds it: the build URL
 * @param historyId          rollback target; 0 for the entry before the last
 * @param forceConflicts     take over fields other managers set (Git wins), as Argo CD and Flux do
 * @param allowEmpty         sync a set without objects (with prune: delete all the app's objects); refused otherwise
 * @param confirmPrune       prune objects marked {@code Prune=confirm} or {@code Delete=confirm}
 * @param sourceRepos        the repositories the step rendered the manifests from (for a named cluster's sourceRepos); empty when
 *                           the manifests are a file the job gave
 */
public record SyncRequest(SyncMode mode, String app, String manifests, String revision, String namespace, boolean prune, boolean pruneLast,
        boolean dryRun, boolean force, boolean applyOutOfSyncOnly, boolean createNamespace, List<String> resources,
        String inventoryNamespace, Duration timeout, String initiator, int historyId, boolean forceConflicts, boolean allowEmpty,
        boolean confirmPrune, List<String> sourceRepos) implements Serializable {

    /** How long a sync waits for CRDs, waves and hooks when the step gives no timeout (the engine's default). */
    public static final int DEFAULT_TIMEOUT_MINUTES = 5;
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(DEFAULT_TIMEOUT_MINUTES);

    public SyncRequest {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(app, "app");
        if (mode.readOnly() && !dryRun) {
            throw new IllegalArgumentException(mode.step() + " writes nothing: its request must be a dry run");
        }
        manifests = manifests == null ? "" : manifests;
        revision = revision == null ? "" : revision;
        namespace = namespace == null ? "" : namespace;
        resources = List.copyOf(resources == null ? List.of() : resources);
        inventoryNamespace = inventoryNamespace == null ? "" : inventoryNamespace;
        initiator = initiator == null ? "" : initiator;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        historyId = Math.max(0, historyId);
        sourceRepos = List.copyOf(sourceRepos == null ? List.of() : sourceRepos);
    }

    /** {@code gitopsSync}: applies out-of-sync objects only, forces conflicts (Git wins), prunes nothing unless told. */
    public static Builder sync(String app) {
        return new Builder(SyncMode.SYNC, app);
    }

    /** {@code gitopsDiff}: a dry run of a sync. */
    public static Builder diff(String app) {
        return new Builder(SyncMode.DIFF, app).dryRun(true);
    }

    /**
     * {@code gitopsRollback}: re-applies history entry {@code historyId} (0: the one before the last)
     * and prunes what that entry did not have.
     */
    public static Builder rollback(String app, int historyId) {
        Builder b = new Builder(SyncMode.ROLLBACK, app).prune(true);
        b.historyId = historyId;
        return b;
    }

    /** {@code gitopsDriftTrigger}: the live state against the manifests of the last sync, at the branch's {@code head}. */
    public static Builder drift(String app, String head) {
        return new Builder(SyncMode.DRIFT, app).dryRun(true).revision(head);
    }

    /** The same request, to be changed. */
    public Builder toBuilder() {
        Builder b = new Builder(mode, app);
        b.manifests = manifests;
        b.revision = revision;
        b.namespace = namespace;
        b.prune = prune;
        b.pruneLast = pruneLast;
        b.dryRun = dryRun;
        b.force = force;
        b.applyOutOfSyncOnly = applyOutOfSyncOnly;
        b.createNamespace = createNamespace;
        b.resources = resources;
        b.inventoryNamespace = inventoryNamespace;
        b.timeout = timeout;
        b.initiator = initiator;
        b.historyId = historyId;
        b.forceConflicts = forceConflicts;
        b.allowEmpty = allowEmpty;
        b.confirmPrune = confirmPrune;
        b.sourceRepos = sourceRepos;
        return b;
    }

    /** The same request for manifests the step rendered from {@code repo}. */
    public SyncRequest withSourceRepo(String repo) {
        return toBuilder().sourceRepos(List.of(repo)).build();
    }

    /** The step name for messages. */
    String step() {
        return mode.step();
    }

    /** The engine's options; {@code defaultNamespace} replaces an empty namespace (the kubeconfig context's). */
    SyncOptions options(String defaultNamespace) {
        return SyncOptions.builder(app).namespace(namespace.isEmpty() ? defaultNamespace : namespace).dryRun(dryRun).prune(prune)
                .pruneLast(pruneLast).force(force).forceConflicts(forceConflicts).applyOutOfSyncOnly(applyOutOfSyncOnly).createNamespace(createNamespace)
                .only(Set.copyOf(resources)).inventoryNamespace(inventoryNamespace)
                .timeout(timeout).initiator(initiator).allowEmpty(allowEmpty).confirmPrune(confirmPrune)
                // the build URL names this build in the app's Lease, so a build that waits for it (or gives up) says which build holds it
                .holder(initiator).sourceRepos(sourceRepos).build();
    }

    /** A request being made; every field starts at the engine's default (see {@link SyncOptions}). */
    public static final class Builder {
        private final SyncMode mode;
        private final String app;
        private String manifests = "";
        private String revision = "";
        private String namespace = "";
        private boolean prune;
        private boolean pruneLast;
        private boolean dryRun;
        private boolean force;
        private boolean applyOutOfSyncOnly = true;
        private boolean createNamespace;
        private List<String> resources = List.of();
        private String inventoryNamespace = "";
        private Duration timeout = DEFAULT_TIMEOUT;
        private String initiator = "";
        private int historyId;
        private boolean forceConflicts = true;
        private boolean allowEmpty;
        private boolean confirmPrune;
        private List<String> sourceRepos = List.of();

        private Builder(SyncMode mode, String app) {
            this.mode = mode;
            this.app = app;
        }

        public Builder manifests(String v) { manifests = v; return this; }
        public Builder revision(String v) { revision = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder prune(boolean v) { prune = v; return this; }
        public Builder pruneLast(boolean v) { pruneLast = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder force(boolean v) { force = v; return this; }
        public Builder applyOutOfSyncOnly(boolean v) { applyOutOfSyncOnly = v; return this; }
        public Builder createNamespace(boolean v) { createNamespace = v; return this; }
        public Builder resources(List<String> v) { resources = v; return this; }
        public Builder inventoryNamespace(String v) { inventoryNamespace = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder initiator(String v) { initiator = v; return this; }
        public Builder forceConflicts(boolean v) { forceConflicts = v; return this; }
        public Builder allowEmpty(boolean v) { allowEmpty = v; return this; }
        public Builder confirmPrune(boolean v) { confirmPrune = v; return this; }
        public Builder sourceRepos(List<String> v) { sourceRepos = v; return this; }

        /** @throws IllegalArgumentException for a read-only mode told not to dry-run */
        public SyncRequest build() {
            return new SyncRequest(mode, app, manifests, revision, namespace, prune, pruneLast, dryRun, force, applyOutOfSyncOnly, createNamespace,
                    resources, inventoryNamespace, timeout, initiator, historyId, forceConflicts, allowEmpty, confirmPrune, sourceRepos);
        }
    }
}
