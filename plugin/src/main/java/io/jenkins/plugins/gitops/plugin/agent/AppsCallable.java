package io.jenkins.plugins.gitops.plugin.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.app.App;
import io.jenkins.plugins.gitops.app.AppExpander;
import io.jenkins.plugins.gitops.app.AppProjects;
import io.jenkins.plugins.gitops.app.AppRender;
import io.jenkins.plugins.gitops.app.AppTreeResult;
import io.jenkins.plugins.gitops.app.AppTreeSync;
import io.jenkins.plugins.gitops.app.ApplicationParser;
import io.jenkins.plugins.gitops.app.RepoRewrites;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterRestrictions;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.chart.ChartCredentials;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs {@code gitopsApps} on the agent that holds the workspace: reads the root Application(s)
 * from a workspace file, renders the app-of-apps tree with the engine's {@code AppExpander}, and
 * syncs (or diffs) every Application as its own app with {@code AppTreeSync}. Returns one
 * {@link SyncOutcome} per app that has objects of its own, and the refusals.
 */
public final class AppsCallable extends MasterToSlaveFileCallable<List<AppsCallable.AppOutcome>> {

    private static final long serialVersionUID = 1L;

    /**
     * One app of the tree, as plain values; {@code outcome} is null for a parent with only Applications or a refused app;
     * {@code result} is the engine's form of the app ({@link AppTreeResult#app}), masked: the step's return value.
     */
    public record AppOutcome(String app, String parent, int depth, String namespace, SyncOutcome outcome, String error, Map<String, Object> result)
            implements java.io.Serializable {
    }

    private final String application;
    private final SyncRequest shared;
    private final GitAuth git;
    private final ClusterAccess access;
    private final String cacheDir;
    private final String clusterName;
    private final ArrayList<String> repoRewrites;
    private final int parallel;
    private final TaskListener listener;

    public AppsCallable(String application, SyncRequest shared, GitAuth git, ClusterAccess access, String cacheDir, String clusterName,
            ArrayList<String> repoRewrites, int parallel, TaskListener listener) {
        this.repoRewrites = repoRewrites;
        this.parallel = Math.max(1, parallel);
        this.clusterName = clusterName == null ? "" : clusterName;
        this.application = application;
        this.shared = shared;
        this.git = git;
        this.access = access;
        this.cacheDir = cacheDir;
        this.listener = listener;
    }

    @Override
    public List<AppOutcome> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        List<String> secrets = new ArrayList<>(access.secrets());
        secrets.addAll(git.secrets());
        Masker masker = new Masker(secrets);
        Path ws = workspace.toPath().toAbsolutePath().normalize();
        Path file = ws.resolve(application).normalize();
        if (!file.startsWith(ws) || !Files.isRegularFile(file)) {
            throw new AbortException("gitopsApps: application '" + application + "' must be a file inside the workspace (check out the repository first)");
        }
        try (Cluster cluster = Cluster.of(access.config())) {
            List<App> roots = ApplicationParser.roots(Files.readString(file, StandardCharsets.UTF_8), application);
            RenderService service = RenderCallable.service(Path.of(cacheDir), line -> listener.getLogger().println(masker.mask("gitopsApps: " + line)));
            ChartCredentials chartCredentials = git.isSshKey() ? ChartCredentials.none() : git.toChartCredentials();
            List<AppRender> tree = new AppExpander(service, url -> git.toSourceCredentials(), url -> chartCredentials)
                    .withRepoRewrites(RepoRewrites.parse(repoRewrites)).withParallel(parallel).expandAll(roots);
            for (AppRender r : tree) {
                r.warnings().forEach(w -> listener.getLogger().println(masker.mask("gitopsApps: warning: " + w)));
            }
            listener.getLogger().println("gitopsApps: " + tree.size() + " Application(s) in the tree of " + application
                    + (shared.dryRun() ? " (dry run)" : ""));
            SyncOptions opts = shared.options(cluster.defaultNamespace());
            List<AppOutcome> out = new ArrayList<>();
            // a destination.name may be the named cluster the step uses
            var here = AppTreeSync.cluster(cluster.client().getConfiguration().getMasterUrl(),
                    clusterName.isEmpty() ? java.util.Set.of() : java.util.Set.of(clusterName));
            // each Application satisfies the AppProject it names when the tree renders it, and a named cluster's restrictions
            ClusterRestrictions r = access.restrictions();
            AppProjects projects = AppProjects.of(tree, Optional.empty(), cluster.client().getConfiguration().getMasterUrl().replaceAll("/+$", ""),
                    r == null ? opts.inventoryNamespace() : ClusterRestrictions.INVENTORY_NAMESPACE);
            if (r != null) {
                projects = projects.withCeiling(r.project());
            }
            List<AppTreeSync.AppSync> results = new AppTreeSync(new SyncEngine(cluster), here, projects).sync(tree, opts, shared.dryRun(), parallel);
            AppTreeResult forms = new AppTreeResult(tree, results);
            for (int i = 0; i < results.size(); i++) {
                AppTreeSync.AppSync a = results.get(i);
                String head = "gitopsApps: " + "  ".repeat(a.depth()) + a.app() + " -> " + a.namespace() + (tree.get(i).cacheHit() ? " (cached render)" : "");
                SyncOutcome outcome = null;
                if (a.result().isPresent()) {
                    outcome = SyncOutcome.of(a.result().get(), masker);
                    listener.getLogger().println(head + ": " + outcome.counts());
                    listener.getLogger().print(outcome.table());
                } else if (!a.error().isEmpty()) {
                    listener.getLogger().println(head + ": refused, nothing written: " + masker.mask(a.error()));
                } else {
                    listener.getLogger().println(head + ": only Applications, nothing of its own to sync");
                }
                out.add(new AppOutcome(a.app(), a.parent(), a.depth(), a.namespace(), outcome, masker.mask(a.error()),
                        masker.maskValues(forms.app(i, true))));
            }
            listener.getLogger().print(masker.mask(AppTreeSync.table(tree, results)));
            return out;
        } catch (GitopsException | IllegalArgumentException e) {
            throw new AbortException("gitopsApps: " + masker.mask(e.getMessage()));
        }
    }

    /** The step's return value for one app: the engine's form ({@link AppTreeResult#app}), masked on the agent. */
    public static Map<String, Object> toMap(AppOutcome a) {
        return a.result();
    }
}
