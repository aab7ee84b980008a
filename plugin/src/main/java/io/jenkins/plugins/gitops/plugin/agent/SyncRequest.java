package io.jenkins.plugins.gitops.plugin.agent;

import io.jenkins.plugins.gitops.plugin.steps.GitopsSyncStep;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The parameters of one sync, diff or rollback, in a serializable form without secrets, turned
 * into the engine's {@link SyncOptions} where the work runs.
 *
 * @param mode               {@code sync}, {@code diff}, {@code rollback}, or {@code drift} (live state against the last sync's manifests)
 * @param app                the app name (tracking label, inventory)
 * @param manifests          the manifests file, relative to the workspace ("" for a rollback)
 * @param revision           the revision recorded in history ("" when unknown)
 * @param namespace          default namespace of namespaced objects; "" for the kubeconfig context's
 * @param prune              delete objects of the app that are no longer in the manifests
 * @param pruneLast          prune after the PostSync phase
 * @param dryRun             plan and diff only
 * @param force              force field conflicts; recreate on immutable-field changes
 * @param applyOutOfSyncOnly skip objects already in sync
 * @param createNamespace    create {@code namespace} when missing
 * @param resources          selective sync ({@code Kind/name}, {@code Kind/ns/name}, {@code Kind.group/ns/name}); empty for all
 * @param inventoryNamespace namespace of the inventory ConfigMaps
 * @param timeout            how long to wait for CRDs, waves and hooks
 * @param initiator          recorded in history and in the app's Lease while the sync holds it: the build URL
 * @param historyId          rollback target; 0 for the entry before the last
 * @param forceConflicts     take over fields other managers set (Git wins), as Argo CD and Flux do
 * @param allowEmpty         sync a set without objects (with prune: delete all the app's objects); refused otherwise
 * @param confirmPrune       prune objects marked {@code Prune=confirm} or {@code Delete=confirm}
 * @param sourceRepos        the repositories the step rendered the manifests from (for a named cluster's sourceRepos); empty when
 *                           the manifests are a file the job gave
 */
public record SyncRequest(String mode, String app, String manifests, String revision, String namespace, boolean prune, boolean pruneLast,
        boolean dryRun, boolean force, boolean applyOutOfSyncOnly, boolean createNamespace, List<String> resources,
        String inventoryNamespace, Duration timeout, String initiator, int historyId, boolean forceConflicts, boolean allowEmpty,
        boolean confirmPrune, List<String> sourceRepos) implements Serializable {

    /** Manifests of no known source. */
    public SyncRequest(String mode, String app, String manifests, String revision, String namespace, boolean prune, boolean pruneLast,
            boolean dryRun, boolean force, boolean applyOutOfSyncOnly, boolean createNamespace, List<String> resources,
            String inventoryNamespace, Duration timeout, String initiator, int historyId, boolean forceConflicts, boolean allowEmpty,
            boolean confirmPrune) {
        this(mode, app, manifests, revision, namespace, prune, pruneLast, dryRun, force, applyOutOfSyncOnly, createNamespace, resources,
                inventoryNamespace, timeout, initiator, historyId, forceConflicts, allowEmpty, confirmPrune, List.of());
    }

    /** A timeout in minutes, nothing empty allowed, no prune confirmed. */
    public SyncRequest(String mode, String app, String manifests, String revision, String namespace, boolean prune, boolean pruneLast,
            boolean dryRun, boolean force, boolean applyOutOfSyncOnly, boolean createNamespace, List<String> resources,
            String inventoryNamespace, int timeoutMinutes, String initiator, int historyId, boolean forceConflicts) {
        this(mode, app, manifests, revision, namespace, prune, pruneLast, dryRun, force, applyOutOfSyncOnly, createNamespace, resources,
                inventoryNamespace, Duration.ofMinutes(Math.max(1, timeoutMinutes)), initiator, historyId, forceConflicts, false, false);
    }

    /** With conflicts forced, the engine's default. */
    public SyncRequest(String mode, String app, String manifests, String revision, String namespace, boolean prune, boolean pruneLast,
            boolean dryRun, boolean force, boolean applyOutOfSyncOnly, boolean createNamespace, List<String> resources,
            String inventoryNamespace, int timeoutMinutes, String initiator, int historyId) {
        this(mode, app, manifests, revision, namespace, prune, pruneLast, dryRun, force, applyOutOfSyncOnly, createNamespace, resources,
                inventoryNamespace, timeoutMinutes, initiator, historyId, true);
    }

    public SyncRequest {
        manifests = manifests == null ? "" : manifests;
        revision = revision == null ? "" : revision;
        namespace = namespace == null ? "" : namespace;
        resources = List.copyOf(resources == null ? List.of() : resources);
        inventoryNamespace = inventoryNamespace == null ? "" : inventoryNamespace;
        initiator = initiator == null ? "" : initiator;
        timeout = timeout == null ? Duration.ofMinutes(GitopsSyncStep.DEFAULT_TIMEOUT_MINUTES) : timeout;
        sourceRepos = List.copyOf(sourceRepos == null ? List.of() : sourceRepos);
    }

    /** The same request for manifests the step rendered from {@code repo}. */
    public SyncRequest withSourceRepo(String repo) {
        return new SyncRequest(mode, app, manifests, revision, namespace, prune, pruneLast, dryRun, force, applyOutOfSyncOnly, createNamespace,
                resources, inventoryNamespace, timeout, initiator, historyId, forceConflicts, allowEmpty, confirmPrune, List.of(repo));
    }

    /** The step name for messages. */
    String step() {
        return switch (mode) {
            case "diff" -> "gitopsDiff";
            case "drift" -> "gitopsDriftTrigger";
            case "rollback" -> "gitopsRollback";
            default -> "gitopsSync";
        };
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
}
