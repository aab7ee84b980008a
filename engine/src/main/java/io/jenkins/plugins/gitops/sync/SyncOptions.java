package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.AppName;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to sync one app. Build with {@link #builder(String)}; every field has the default shown.
 *
 * @param app the app name: tracking id prefix, label value, inventory name
 * @param namespace default namespace for namespaced objects without one ("" = none: they are an error)
 * @param dryRun plan and diff only, write nothing (false)
 * @param prune delete objects of the app that are no longer desired (false, as in Argo CD)
 * @param pruneLast prune after the Sync phase's last wave, as Argo CD's PruneLast, instead of in each
 *        pruned object's mirrored wave before that wave's applies (false)
 * @param prunePropagationPolicy Foreground, Background or Orphan (Foreground, as Argo CD)
 * @param applyOutOfSyncOnly skip objects that are already in sync (true; false re-applies every object)
 * @param createNamespace create {@code namespace} when it does not exist (false)
 * @param replace PUT whole objects instead of server-side apply, recreating on immutable-field changes (false)
 * @param force recreate objects whose immutable fields changed, and force conflicts (false)
 * @param forceConflicts take over fields another manager set ({@code kubectl edit}, {@code kubectl scale}):
 *        Git wins, as Argo CD's and Flux's server-side apply do (true); false makes such a conflict fail
 *        the dry run, naming the fields and the other manager
 * @param only selective sync: the objects to sync ({@code Kind/name}, {@code Kind/ns/name} or
 *        {@code Kind.group/ns/name}); empty for all. Selective syncs never prune.
 * @param failOnSharedResource refuse to touch an object tracked by another app (true)
 * @param tracking which tracking annotation to write and read (GITOPS)
 * @param fieldManager the server-side apply field manager ({@code gitops-jenkins})
 * @param inventoryNamespace where the inventory ConfigMaps live ({@code gitops-system})
 * @param historyLimit history entries kept (10)
 * @param parallelism concurrent API calls within a wave (8)
 * @param timeout how long to wait for CRDs, waves to become healthy and hooks to finish (5 min)
 * @param ignoreDifferences fields left out of comparisons (Kubeflow's caBundle rules)
 * @param initiator who or what started the sync, recorded in history ({@code cli}, a build URL)
 * @param listener told of each write as it happens ({@link SyncListener#NONE}); not part of what is recorded
 * @param holder who holds the app's lease while this sync writes, besides host and process: a Jenkins build
 *        URL, a user ("" for none); shown to a second sync that waits for it
 * @param lockTimeout how long a sync waits for another sync of the same app to finish (its Lease) before it
 *        fails naming the holder (5 min)
 * @param leaseDuration how long the app's Lease stays valid without renewal (30 s; renewed every third of it):
 *        a sync whose process died blocks others for at most this long
 * @param source where the set was rendered from, recorded in history so a rollback can render its Secrets
 *        again ({@link RenderSource#none()})
 * @param policy the projects every object, prune and source must satisfy before anything is written
 *        (null: unrestricted); the plugin's named clusters, {@code --project} and an Application's project
 * @param sourceRepos the repositories the manifests were rendered from, for the policy's sourceRepos
 *        (empty: unknown, as for a file)
 * @param allowEmpty sync a desired set without objects, pruning everything the app has when {@code prune} is on (false:
 *        such a sync is refused before anything is written, as Argo CD's {@code syncPolicy.automated.allowEmpty})
 * @param confirmPrune prune objects whose live copy carries the sync option {@code Prune=confirm} or {@code Delete=confirm}
 *        (false: they are held back, listed as waiting for confirmation, and the sync says so)
 */
public record SyncOptions(String app, String namespace, boolean dryRun, boolean prune, boolean pruneLast, String prunePropagationPolicy,
                          boolean applyOutOfSyncOnly, boolean createNamespace, boolean replace, boolean force, boolean forceConflicts, Set<String> only,
                          boolean failOnSharedResource, Tracking tracking, String fieldManager, String inventoryNamespace,
                          int historyLimit, int parallelism, Duration timeout, List<IgnoreRule> ignoreDifferences, String initiator,
                          SyncListener listener, String holder, Duration lockTimeout, Duration leaseDuration, RenderSource source, Policy policy,
                          List<String> sourceRepos, boolean allowEmpty, boolean confirmPrune) {

    public SyncOptions {
        Objects.requireNonNull(app, "app");
        try {
            AppName.check(app);
        } catch (GitopsException e) {
            throw (SyncException) new SyncException(e.getMessage()).asBadInput();
        }
        namespace = namespace == null ? "" : namespace;
        prunePropagationPolicy = propagation(prunePropagationPolicy);
        only = Set.copyOf(only == null ? Set.of() : only);
        tracking = tracking == null ? Tracking.GITOPS : tracking;
        fieldManager = fieldManager == null || fieldManager.isEmpty() ? Cluster.DEFAULT_FIELD_MANAGER : fieldManager;
        inventoryNamespace = inventoryNamespace == null || inventoryNamespace.isEmpty() ? Defaults.INVENTORY_NAMESPACE : inventoryNamespace;
        historyLimit = Math.max(1, historyLimit);
        parallelism = Math.max(1, parallelism);
        timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw (SyncException) new SyncException("timeout " + timeout + " must be longer than zero").asBadInput();
        }
        ignoreDifferences = List.copyOf(ignoreDifferences == null ? List.of() : ignoreDifferences);
        initiator = initiator == null ? "" : initiator;
        listener = listener == null ? SyncListener.NONE : listener;
        holder = holder == null ? "" : holder;
        lockTimeout = lockTimeout == null ? Duration.ofMinutes(5) : lockTimeout;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(30) : leaseDuration;
        if (lockTimeout.isNegative() || leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new SyncException("lockTimeout must be zero or more and leaseDuration more than zero (got " + lockTimeout + ", " + leaseDuration + ")");
        }
        source = source == null ? RenderSource.none() : source;
        sourceRepos = List.copyOf(sourceRepos == null ? List.of() : sourceRepos);
    }

    private static String propagation(String p) {
        if (p == null || p.isEmpty()) {
            return "Foreground";
        }
        return switch (p.toLowerCase(java.util.Locale.ROOT)) {
            case "foreground" -> "Foreground";
            case "background" -> "Background";
            case "orphan" -> "Orphan";
            default -> throw (SyncException) new SyncException("prune propagation policy \"" + p + "\" must be foreground, background or orphan")
                    .asBadInput();
        };
    }

    /** The same options for another app (an app-of-apps tree syncs each Application with shared choices). */
    public SyncOptions withApp(String otherApp) {
        return toBuilder().app(otherApp).build();
    }

    public static Builder builder(String app) {
        return new Builder(app);
    }

    public Builder toBuilder() {
        Builder b = new Builder(app);
        b.namespace = namespace;
        b.dryRun = dryRun;
        b.prune = prune;
        b.pruneLast = pruneLast;
        b.prunePropagationPolicy = prunePropagationPolicy;
        b.applyOutOfSyncOnly = applyOutOfSyncOnly;
        b.createNamespace = createNamespace;
        b.replace = replace;
        b.force = force;
        b.forceConflicts = forceConflicts;
        b.only = only;
        b.failOnSharedResource = failOnSharedResource;
        b.tracking = tracking;
        b.fieldManager = fieldManager;
        b.inventoryNamespace = inventoryNamespace;
        b.historyLimit = historyLimit;
        b.parallelism = parallelism;
        b.timeout = timeout;
        b.ignoreDifferences = ignoreDifferences;
        b.initiator = initiator;
        b.listener = listener;
        b.holder = holder;
        b.lockTimeout = lockTimeout;
        b.leaseDuration = leaseDuration;
        b.source = source;
        b.policy = policy;
        b.sourceRepos = sourceRepos;
        b.allowEmpty = allowEmpty;
        b.confirmPrune = confirmPrune;
        return b;
    }

    /**
     * Mutable builder; {@link #build()} validates. The only way callers make options: the canonical
     * constructor's 30 positional components (a run of booleans) are for this builder alone.
     */
    public static final class Builder {
        private String app;
        private String namespace = "";
        private boolean dryRun;
        private boolean prune;
        private boolean pruneLast;
        private String prunePropagationPolicy = "Foreground";
        private boolean applyOutOfSyncOnly = true;
        private boolean createNamespace;
        private boolean replace;
        private boolean force;
        private boolean forceConflicts = true;
        private Set<String> only = Set.of();
        private boolean failOnSharedResource = true;
        private Tracking tracking = Tracking.GITOPS;
        private String fieldManager = Cluster.DEFAULT_FIELD_MANAGER;
        private String inventoryNamespace = Defaults.INVENTORY_NAMESPACE;
        private int historyLimit = 10;
        private int parallelism = 8;
        private Duration timeout = Duration.ofMinutes(5);
        private List<IgnoreRule> ignoreDifferences = IgnoreRule.kubeflowDefaults();
        private String initiator = "";
        private SyncListener listener = SyncListener.NONE;
        private String holder = "";
        private Duration lockTimeout = Duration.ofMinutes(5);
        private Duration leaseDuration = Duration.ofSeconds(30);
        private RenderSource source = RenderSource.none();
        private Policy policy;
        private List<String> sourceRepos = List.of();
        private boolean allowEmpty;
        private boolean confirmPrune;

        private Builder(String app) {
            this.app = app;
        }

        public Builder app(String v) { app = v; return this; }
        public Builder namespace(String v) { namespace = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder prune(boolean v) { prune = v; return this; }
        public Builder pruneLast(boolean v) { pruneLast = v; return this; }
        public Builder prunePropagationPolicy(String v) { prunePropagationPolicy = v; return this; }
        public Builder applyOutOfSyncOnly(boolean v) { applyOutOfSyncOnly = v; return this; }
        public Builder createNamespace(boolean v) { createNamespace = v; return this; }
        public Builder replace(boolean v) { replace = v; return this; }
        public Builder force(boolean v) { force = v; return this; }
        public Builder forceConflicts(boolean v) { forceConflicts = v; return this; }
        public Builder only(Set<String> v) { only = v; return this; }
        public Builder failOnSharedResource(boolean v) { failOnSharedResource = v; return this; }
        public Builder tracking(Tracking v) { tracking = v; return this; }
        public Builder fieldManager(String v) { fieldManager = v; return this; }
        public Builder inventoryNamespace(String v) { inventoryNamespace = v; return this; }
        public Builder historyLimit(int v) { historyLimit = v; return this; }
        public Builder parallelism(int v) { parallelism = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder ignoreDifferences(List<IgnoreRule> v) { ignoreDifferences = v; return this; }
        public Builder initiator(String v) { initiator = v; return this; }
        public Builder listener(SyncListener v) { listener = v; return this; }
        public Builder holder(String v) { holder = v; return this; }
        public Builder lockTimeout(Duration v) { lockTimeout = v; return this; }
        public Builder leaseDuration(Duration v) { leaseDuration = v; return this; }
        public Builder source(RenderSource v) { source = v; return this; }
        public Builder policy(Policy v) { policy = v; return this; }
        public Builder sourceRepos(List<String> v) { sourceRepos = v; return this; }
        public Builder allowEmpty(boolean v) { allowEmpty = v; return this; }
        public Builder confirmPrune(boolean v) { confirmPrune = v; return this; }

        public SyncOptions build() {
            return new SyncOptions(app, namespace, dryRun, prune, pruneLast, prunePropagationPolicy, applyOutOfSyncOnly, createNamespace,
                    replace, force, forceConflicts, only, failOnSharedResource, tracking, fieldManager, inventoryNamespace, historyLimit, parallelism,
                    timeout, ignoreDifferences, initiator, listener, holder, lockTimeout, leaseDuration, source, policy, sourceRepos,
                    allowEmpty, confirmPrune);
        }
    }
}
