package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.app.App;
import io.jenkins.plugins.gitops.app.AppExpander;
import io.jenkins.plugins.gitops.app.AppProjects;
import io.jenkins.plugins.gitops.app.AppRender;
import io.jenkins.plugins.gitops.app.AppTreeResult;
import io.jenkins.plugins.gitops.app.AppTreeSync;
import io.jenkins.plugins.gitops.app.ApplicationParser;
import io.jenkins.plugins.gitops.app.RepoRewrites;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.AppProjectParser;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.KustomizeVersions;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.Tracking;
import io.jenkins.plugins.gitops.sync.WaitTargets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops apps}: a repository built for Argo CD, unchanged. Reads the root Application(s)
 * of a file, renders the app-of-apps tree ({@link AppExpander}), and syncs every app on its own
 * ({@link AppTreeSync}), or only renders it ({@code --render-only}) or diffs it ({@code --dry-run}).
 * An app that cannot be rendered or synced is reported under its Application's name and its
 * siblings go on (exit 1); a per-app table ends the output.
 */
@Command(name = "apps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render and sync an Argo CD app-of-apps tree: every Application as its own app, into its destination namespace.",
                "Credentials from the environment, as for render: GITOPS_GIT_* for Git, GITOPS_HELM_* for chart repositories."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every app synced (or, with --dry-run, in sync)", "1:an app failed to render or sync (or drifted); its siblings still ran",
                "2:bad input (the root file, an option, an empty render)"})
public final class AppsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--application", required = true, description = "A YAML file with the root Application(s).")
    Path application;

    @Option(names = "--repo-rewrite", paramLabel = "FROM=TO", description = "Replace the repoURL prefix FROM by TO in every Application"
            + " (repeatable; longest prefix wins): a fork or a local mirror, without editing the files.")
    List<String> repoRewrites = new ArrayList<>();

    @Option(names = "--kustomize-path", paramLabel = "VERSION=PATH", description = "The kustomize binary for Applications whose"
            + " spec.source.kustomize.version is VERSION (repeatable, as Argo CD's kustomize.path.<version>); other versions render"
            + " with the default kustomize and a warning.")
    List<String> kustomizePaths = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + AppTreeSync.DEFAULT_PARALLEL, description = "How many apps render"
            + " and sync at once (default: ${DEFAULT-VALUE}; 1: one after the other). Waves are kept: an app's children after it, a"
            + " wave after every app of the earlier waves.")
    int parallel;

    @Option(names = "--render-only", description = "Render the tree and stop (with --out-dir: one file per app).")
    boolean renderOnly;

    @Option(names = "--out-dir", description = "With --render-only: write <app>.yaml per app here.")
    Path outDir;

    @Option(names = "--dry-run", description = "Diff every app against the cluster; write nothing.")
    boolean dryRun;

    @Option(names = "--prune", description = "Delete objects an app no longer has (each app's own inventory).")
    boolean prune;

    @Option(names = "--wait", description = "After the syncs, wait until every synced app is healthy (watches; root causes when not).")
    boolean waitHealthy;

    @Option(names = "--wait-timeout", defaultValue = "10m", converter = Durations.class,
            description = "How long --wait may take per app: 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--destination-name", description = "A name Applications may give this cluster as destination.name (repeatable);"
            + " apps bound for other clusters are refused, never deployed here.")
    List<String> destinationNames = new ArrayList<>();

    @Option(names = "--argocd-tracking", description = "Use Argo CD's tracking annotation (argocd.argoproj.io/tracking-id).")
    boolean argoTracking;

    @Option(names = "--inventory-namespace", defaultValue = Defaults.INVENTORY_NAMESPACE, description = "Namespace of the inventory ConfigMaps.")
    String inventoryNamespace;

    @Option(names = "--timeout", defaultValue = "5m", converter = Durations.class,
            description = "How long to wait for CRDs, waves and hooks, per app: 30s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--allow-empty", description = "Sync an app whose sources render no objects (with --prune: delete all its objects).")
    boolean allowEmpty;

    @Option(names = "--confirm-prune", description = "Prune objects marked Prune=confirm or Delete=confirm.")
    boolean confirmPrune;

    @Option(names = "--cache-dir", description = "Mirror and render cache folder (default: ~/.cache/gitops).")
    Path cacheDir;

    @Option(names = "--output", defaultValue = "table", description = "table or json.")
    String output;

    @Option(names = "--project", description = "An Argo CD AppProject file every app must also satisfy (a ceiling the tree cannot widen);"
            + " then an Application naming a project that is neither this one nor rendered in the tree is refused, default included."
            + " Without it, each Application satisfies the AppProject it names when the tree renders it, and default is unrestricted.")
    Path project;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (parallel < 1) {
            err.println("gitops apps: --parallel must be at least 1 (1 renders and syncs the apps one after the other), not " + parallel);
            err.flush();
            return 2;
        }
        try (CliCluster.Connecting connecting = renderOnly ? null : CliCluster.Connecting.start(kubeconfig, context)) {
            return call(out, err, connecting);
        }
    }

    private int call(PrintWriter out, PrintWriter err, CliCluster.Connecting connecting) throws InterruptedException {
        List<AppRender> tree;
        try {
            tree = render();
        } catch (GitopsException | IOException e) {
            return ExitCodes.report(err, "apps", e);
        }
        if (renderOnly) {
            try {
                if (outDir != null) {
                    write(tree);
                }
            } catch (GitopsException e) {
                return ExitCodes.report(err, "apps", e);
            }
            print(out, tree, List.of());
            return tree.stream().anyMatch(AppRender::failed) ? 1 : 0;
        }
        try (Cluster cluster = connecting.get()) {
            SyncOptions shared = SyncOptions.builder("apps").namespace(cluster.defaultNamespace()).prune(prune)
                    .tracking(argoTracking ? Tracking.ARGOCD : Tracking.GITOPS).inventoryNamespace(inventoryNamespace)
                    .timeout(timeout).initiator("cli apps").allowEmpty(allowEmpty).confirmPrune(confirmPrune).build();
            var here = AppTreeSync.cluster(cluster.client().getConfiguration().getMasterUrl(), java.util.Set.copyOf(destinationNames));
            AppProjects projects = AppProjects.of(tree, given(), CliCluster.server(cluster), inventoryNamespace);
            List<AppTreeSync.AppSync> results = new AppTreeSync(new SyncEngine(cluster), here, projects).sync(tree, shared, dryRun, parallel);
            print(out, tree, results);
            if (!output.equals("json")) {
                out.println();
                out.print(AppTreeSync.table(tree, results));
                out.flush();
            }
            boolean ok = results.stream().allMatch(AppTreeSync.AppSync::succeeded)
                    && (!dryRun || results.stream().allMatch(a -> a.result().map(r -> r.inSync()).orElse(true)));
            if (waitHealthy && !dryRun) {
                ok &= waitAll(cluster, tree, results, out);
            }
            return ok ? 0 : 1;
        } catch (GitopsException e) {
            return ExitCodes.report(err, "apps", e);
        }
    }

    private Optional<AppProject> given() {
        if (project == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AppProjectParser.parse(Files.readString(project), project.toString()));
        } catch (IOException e) {
            throw new GitopsException(project + ": cannot read the project: " + e.getMessage(), e);
        }
    }

    /** Waits for every app that synced, one after the other (they converge together; the waits only watch). */
    private boolean waitAll(Cluster cluster, List<AppRender> tree, List<AppTreeSync.AppSync> results, PrintWriter out)
            throws InterruptedException {
        boolean healthy = true;
        for (int i = 0; i < results.size(); i++) {
            AppTreeSync.AppSync a = results.get(i);
            if (a.result().isEmpty() || !a.succeeded()) {
                continue;
            }
            WaitState state = WaitTargets.ofSync(a.app(), a.result().get(), AppTreeSync.own(tree.get(i)), cluster.resolver(), a.namespace())
                    .state(waitTimeout, Clock.systemUTC());
            WaitResult w = new HealthWaiter(new ClusterKubeAccess(cluster)).await(state, WaitOptions.defaults());
            out.println(a.app() + ": " + (w.healthy() ? "healthy" : "NOT healthy") + ": " + w.summary());
            if (!w.healthy()) {
                WaitCommand.print(w, out);
                healthy = false;
            }
        }
        out.flush();
        return healthy;
    }

    private List<AppRender> render() throws IOException {
        List<App> roots = ApplicationParser.roots(Files.readString(application), application.toString());
        PrintWriter err = spec.commandLine().getErr();
        RenderService service = CliRender.service(cacheDir, RegistryOptions.defaults(), line -> System.err.println("gitops apps: " + line));
        List<AppRender> tree = new AppExpander(service, url -> CliCredentials.git(), url -> CliCredentials.helm(System::getenv))
                .withRepoRewrites(RepoRewrites.parse(repoRewrites)).withKustomizeVersions(KustomizeVersions.parse(kustomizePaths))
                .withParallel(parallel).expandAll(roots);
        for (AppRender r : tree) {
            r.warnings().forEach(w -> err.println("gitops apps: warning: " + w));
        }
        err.flush();
        return tree;
    }

    private void write(List<AppRender> tree) {
        try {
            Files.createDirectories(outDir);
            for (AppRender r : tree) {
                if (r.failed()) {
                    continue;
                }
                List<RenderedObject> objs = r.objects().stream().map(o -> new RenderedObject(o, Optional.empty())).toList();
                RenderedSet.of(objs, "", "application", "").writeYaml(outDir.resolve(r.app().name() + ".yaml"));
            }
        } catch (IOException e) {
            throw new GitopsException("cannot write to " + outDir + ": " + e.getMessage(), e);
        }
    }

    private void print(PrintWriter out, List<AppRender> tree, List<AppTreeSync.AppSync> results) {
        if (output.equals("json")) {
            out.println((results.isEmpty() ? AppTreeResult.rendered(tree) : new AppTreeResult(tree, results)).toJson(false));
        } else {
            for (int i = 0; i < tree.size(); i++) {
                AppRender r = tree.get(i);
                if (r.failed()) {
                    out.printf("%s%s: NOT rendered: %s%n", "  ".repeat(r.depth()), r.app().name(), r.error());
                    continue;
                }
                long apps = r.objects().stream().filter(ApplicationParser::isApplication).count();
                out.printf("%s%s -> %s: %d objects%s%s%n", "  ".repeat(r.depth()), r.app().name(),
                        r.app().destination().namespace().isEmpty() ? "(default namespace)" : r.app().destination().namespace(),
                        r.objects().size() - apps, apps > 0 ? ", " + apps + " Applications" : "", r.cacheHit() ? " (cached render)" : "");
                if (i < results.size()) {
                    results.get(i).result().ifPresent(s -> out.print(s.table().indent(2 * r.depth() + 2)));
                    if (!results.get(i).error().isEmpty()) {
                        out.println("  ".repeat(r.depth() + 1) + "refused, nothing written: " + results.get(i).error());
                    }
                }
            }
        }
        out.flush();
    }
}
