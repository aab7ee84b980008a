package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.AppProjectParser;
import io.jenkins.plugins.gitops.policy.Policy;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.HistoryEntry;
import io.jenkins.plugins.gitops.sync.RenderSource;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.sync.Tracking;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops diff | sync | history | rollback}: the sync engine from the command line. Each
 * verb is a standalone picocli command; they share the options in {@link Common}. Exit codes:
 * 0 success (for {@code diff}: in sync), 1 failure (for {@code diff}: out of sync), 2 error.
 */
public final class SyncCommands {

    private SyncCommands() {
    }

    /** Options every verb takes: where the manifests come from, the cluster, the app, and the sync options. */
    public static final class Common {
        @Option(names = "--manifests", description = "A rendered multi-document YAML file.")
        Path manifests;

        @Option(names = "--repo", description = "Repository URL or local path to render (instead of --manifests).")
        String repo;

        @Option(names = "--revision", defaultValue = "HEAD", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
        String revision;

        @Option(names = "--path", defaultValue = ".", description = "Folder in the repository (default: the root).")
        String path;

        @Option(names = "--release", description = "Helm release name when --repo/--path is a chart (default: the app name, as Argo CD names it).")
        String release;

        @Option(names = "--cache-dir", description = "With --repo: mirror and render cache folder (default: ~/.cache/gitops).")
        Path cacheDir;

        @Option(names = "--app", required = true, description = "The app name (tracking, label, inventory).")
        String app;

        @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
        Path kubeconfig;

        @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
        String context;

        @Option(names = {"--namespace", "-n"}, description = "Namespace for namespaced objects without one.")
        String namespace;

        @Option(names = "--prune", description = "Delete objects of the app that are no longer in the manifests.")
        boolean prune;

        @Option(names = "--prune-last", description = "Prune after the Sync phase's last wave (Argo CD PruneLast), not in each object's mirrored wave.")
        boolean pruneLast;

        @Option(names = "--prune-propagation-policy", defaultValue = "foreground", description = "foreground, background or orphan.")
        String propagation;

        @Option(names = "--apply-all", description = "Re-apply objects that are already in sync (ApplyOutOfSyncOnly=false).")
        boolean applyAll;

        @Option(names = "--create-namespace", description = "Create --namespace when missing.")
        boolean createNamespace;

        @Option(names = "--replace", description = "Replace (PUT) instead of server-side apply; recreate on immutable-field changes.")
        boolean replace;

        @Option(names = "--force", description = "Recreate objects whose immutable fields changed.")
        boolean force;

        @Option(names = "--no-force-conflicts", description = "Fail on fields another manager set (kubectl edit/scale) instead of taking them over.")
        boolean noForceConflicts;

        @Option(names = "--only", split = ",", description = "Selective sync: Kind/name, Kind/ns/name or Kind.group/ns/name.")
        List<String> only;

        @Option(names = "--allow-shared-resources", description = "Touch objects tracked by another app (FailOnSharedResource=false).")
        boolean allowShared;

        @Option(names = "--argocd-tracking", description = "Use Argo CD's tracking annotation (argocd.argoproj.io/tracking-id).")
        boolean argoTracking;

        @Option(names = "--inventory-namespace", defaultValue = Defaults.INVENTORY_NAMESPACE, description = "Namespace of the inventory ConfigMaps.")
        String inventoryNamespace;

        @Option(names = "--timeout", defaultValue = "5m", converter = Durations.class,
                description = "How long to wait for CRDs, waves and hooks: 30s, 10m, 1h (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--allow-empty", description = "Sync a set without objects (with --prune: delete every object of the app),"
                + " as Argo CD's allowEmpty; refused otherwise.")
        boolean allowEmpty;

        @Option(names = "--confirm-prune", description = "Prune objects marked Prune=confirm or Delete=confirm (argocd.argoproj.io/sync-options);"
                + " without it they wait for confirmation and the sync says so.")
        boolean confirmPrune;

        @Option(names = "--initiator", defaultValue = "cli", description = "Recorded in history (a build URL, a user); also names this sync"
                + " in the app's Lease, with host and process.")
        String initiator;

        @Option(names = "--lock-timeout", defaultValue = "5m", converter = Durations.NonNegative.class,
                description = "How long to wait for another sync of the app (its Lease) before failing: 0s (not at all), 30s, 5m (default: ${DEFAULT-VALUE}).")
        Duration lockTimeout;

        @Option(names = "--lease-duration", defaultValue = "30s", converter = Durations.class,
                description = "How long the app's Lease holds without renewal; a sync whose process died blocks others this long (default: ${DEFAULT-VALUE}).")
        Duration leaseDuration;

        @Option(names = "--output", defaultValue = "table", description = "table or json.")
        String output;

        @Option(names = "--project", description = "An Argo CD AppProject file: every object (its namespace and kind), every prune and the"
                + " --repo must be within it; checked before anything is written, dry runs included.")
        Path project;

        @Option(names = "--destination-name", description = "The name the project's destinations know this cluster by (destination.name),"
                + " besides its API server URL.")
        String destinationName;

        /** The API server URL of the cluster, once connected: what a project's destination servers match. */
        private String server = "";

        SyncOptions options(boolean dryRun) {
            return SyncOptions.builder(app).policy(policy()).sourceRepos(repo == null ? List.of() : List.of(repo)).namespace(namespace).dryRun(dryRun).prune(prune).pruneLast(pruneLast)
                    .prunePropagationPolicy(propagation).applyOutOfSyncOnly(!applyAll).createNamespace(createNamespace)
                    .replace(replace).force(force).forceConflicts(!noForceConflicts).only(only == null ? Set.of() : Set.copyOf(only)).failOnSharedResource(!allowShared)
                    .tracking(argoTracking ? Tracking.ARGOCD : Tracking.GITOPS).inventoryNamespace(inventoryNamespace)
                    .timeout(timeout).initiator(initiator).lockTimeout(lockTimeout).leaseDuration(leaseDuration).allowEmpty(allowEmpty)
                    .confirmPrune(confirmPrune).build();
        }

        /** Where {@code set} came from, for the history: the repository, the revision rendered and the path, or none for a file. */
        RenderSource source(RenderedSet set) {
            return manifests == null && repo != null ? RenderSource.git(repo, set.revision(), path, "auto") : RenderSource.none();
        }

        /**
         * How a rollback gets the Secrets the history keeps as digests: from the manifests or repository
         * given to the rollback, else by rendering the entry's recorded source again.
         */
        java.util.function.Function<HistoryEntry, RenderedSet> rerender() {
            return entry -> {
                try {
                    if (manifests != null || repo != null) {
                        return desired();
                    }
                } catch (IOException e) {
                    throw new GitopsException("cannot read " + manifests + ": " + e.getMessage(), e);
                }
                RenderSource src = entry.source();
                if (!src.renderable()) {
                    throw new GitopsException("history entry " + entry.id() + " was synced from a manifests file, not from Git: give that file"
                            + " with --manifests so its Secrets can be restored");
                }
                return CliRender.render(src.repo(), src.revision(), src.path().isEmpty() ? "." : src.path(),
                        RenderSpec.of(RenderSpec.Tool.parse(src.tool())).withHelm(helm()), cacheDir).set();
            };
        }

        /** A chart renders as Argo CD renders an Application's: released under the app's name (or --release), into its namespace. */
        HelmOptions helm() {
            return HelmOptions.release(release == null || release.isBlank() ? app : release).withNamespace(namespace == null ? "" : namespace);
        }

        private Policy policy() {
            if (project == null) {
                return null;
            }
            try {
                AppProject p = AppProjectParser.parse(Files.readString(project), project.toString());
                // the inventory namespace is the operator's choice on this command line, not the manifests'
                return Policy.of(p, server, destinationName).withInventoryNamespace(inventoryNamespace);
            } catch (IOException e) {
                throw new GitopsException(project + ": cannot read the project: " + e.getMessage(), e);
            }
        }

        Cluster cluster() throws IOException {
            return cluster(CliCluster.connect(kubeconfig, context));
        }

        /** The cluster of {@code c}: its server and default namespace taken for the options. */
        Cluster cluster(Cluster c) {
            server = CliCluster.server(c);
            if (namespace == null || namespace.isEmpty()) {
                namespace = c.defaultNamespace();
            }
            return c;
        }

        RenderedSet desired() throws IOException {
            if (manifests != null) {
                return RenderedSet.of(ManifestParser.parse(Files.readString(manifests), manifests.toString()), "", "file", "");
            }
            if (repo == null) {
                throw new GitopsException("give --manifests FILE or --repo URL (with --revision and --path)").asBadInput();
            }
            return CliRender.render(repo, revision, path, RenderSpec.auto().withHelm(helm()).withAllowEmpty(allowEmpty), cacheDir).set();
        }

        boolean json() {
            return output.equals("json");
        }
    }

    private static void print(CommandSpec spec, Common c, SyncResult r, boolean diffs) {
        PrintWriter out = spec.commandLine().getOut();
        if (c.json()) {
            out.println(r.toJson(diffs));
        } else {
            if (diffs) {
                r.objects().stream().filter(o -> !o.diff().isEmpty()).forEach(o -> out.print(o.diff()));
            }
            out.print(r.table());
        }
        out.flush();
    }

    private static int error(CommandSpec spec, String verb, Exception e) {
        return ExitCodes.report(spec.commandLine().getErr(), verb, e);
    }

    /** Checked before a cluster is contacted: a wrong value is bad input (exit 2), not a failed operation. */
    private static void checkOutput(Common c) {
        if (!c.output.equals("table") && !c.output.equals("json")) {
            throw new GitopsException("--output must be table or json, not '" + c.output + "'").asBadInput();
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Show what a sync would change. Exit 0 in sync, 1 out of sync or the diff failed, 2 bad input.")
    public static final class Diff implements Callable<Integer> {
        private static final String NAME = "diff";
        @Spec
        CommandSpec spec;
        @Mixin
        Common common = new Common();
        @Option(names = "--last-applied", description = "Compare with what the last sync applied (its stored manifests) instead of"
                + " --manifests/--repo: drift without rendering Git.")
        boolean lastApplied;

        @Override
        public Integer call() {
            try {
                checkOutput(common);
                io.jenkins.plugins.gitops.AppName.check(common.app);
            } catch (GitopsException e) {
                return error(spec, NAME, e);
            }
            try (Cluster cluster = common.cluster()) {
                SyncEngine engine = new SyncEngine(cluster);
                SyncResult r;
                if (lastApplied) {
                    Optional<SyncResult> last = engine.diffLastApplied(common.options(true));
                    if (last.isEmpty()) {
                        spec.commandLine().getErr().println("gitops diff: app " + common.app + " has no sync history to compare with");
                        return ExitCodes.BAD_INPUT;
                    }
                    r = last.get();
                } else {
                    r = engine.diff(common.desired(), common.options(true));
                }
                print(spec, common, r, true);
                return r.succeeded() && r.inSync() ? ExitCodes.DONE : ExitCodes.FAILED;
            } catch (GitopsException | IOException e) {
                return error(spec, "diff", e);
            }
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = "Make the cluster match the manifests.")
    public static final class Sync implements Callable<Integer> {
        private static final String NAME = "sync";
        @Spec
        CommandSpec spec;
        @Mixin
        Common common = new Common();
        @Option(names = "--dry-run", description = "Plan and diff only; write nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            try {
                checkOutput(common);
                io.jenkins.plugins.gitops.AppName.check(common.app);
            } catch (GitopsException e) {
                return error(spec, NAME, e);
            }
            // a manifests file is read while the connection is made; a render from Git needs the cluster's default namespace
            try (CliCluster.Connecting connecting = CliCluster.Connecting.start(common.kubeconfig, common.context)) {
                RenderedSet file = common.manifests != null ? common.desired() : null;
                try (Cluster cluster = common.cluster(connecting.get())) {
                    RenderedSet set = file != null ? file : common.desired();
                    SyncResult r = new SyncEngine(cluster).sync(set, common.options(dryRun).toBuilder().source(common.source(set)).build());
                    print(spec, common, r, dryRun);
                    return r.succeeded() ? 0 : 1;
                }
            } catch (GitopsException | IOException e) {
                return error(spec, "sync", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(spec, "sync", new GitopsException("interrupted", e));
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "List the sync history of an app.")
    public static final class History implements Callable<Integer> {
        private static final String NAME = "history";
        @Spec
        CommandSpec spec;
        @Mixin
        Common common = new Common();

        @Override
        public Integer call() {
            try {
                checkOutput(common);
                io.jenkins.plugins.gitops.AppName.check(common.app);
            } catch (GitopsException e) {
                return error(spec, NAME, e);
            }
            try (Cluster cluster = common.cluster()) {
                List<HistoryEntry> h = new SyncEngine(cluster).history(common.options(false));
                PrintWriter out = spec.commandLine().getOut();
                if (common.json()) {
                    ObjectMapper m = new ObjectMapper();
                    ArrayNode arr = m.createArrayNode();
                    h.forEach(e -> arr.add(m.valueToTree(e)));
                    out.println(arr);
                } else {
                    out.printf("%-4s %-24s %-42s %-20s %s%n", "ID", "TIME", "REVISION", "INITIATOR", "RESULT");
                    h.forEach(e -> out.printf("%-4d %-24s %-42s %-20s %s%n", e.id(), e.time(), e.revision().isEmpty() ? e.digest() : e.revision(),
                            e.initiator(), e.result()));
                }
                out.flush();
                return 0;
            } catch (GitopsException | IOException e) {
                return error(spec, "history", e);
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Re-apply the manifests of a history entry (default: the previous one) and prune what it did not have.",
                    "Secrets are kept in history as digests only: they are rendered again from the entry's repository and revision",
                    "(or taken from --manifests / --repo when given), checked against the recorded digests."})
    public static final class Rollback implements Callable<Integer> {
        private static final String NAME = "rollback";
        @Spec
        CommandSpec spec;
        @Mixin
        Common common = new Common();
        @Parameters(index = "0", arity = "0..1", defaultValue = "0", description = "History id (default: the entry before the last).")
        int id;

        @Override
        public Integer call() {
            try {
                checkOutput(common);
                io.jenkins.plugins.gitops.AppName.check(common.app);
            } catch (GitopsException e) {
                return error(spec, NAME, e);
            }
            try (Cluster cluster = common.cluster()) {
                SyncResult r = new SyncEngine(cluster).rollback(id, common.options(false), common.rerender());
                print(spec, common, r, false);
                return r.succeeded() ? 0 : 1;
            } catch (GitopsException | IOException e) {
                return error(spec, "rollback", e);
            }
        }
    }
}
