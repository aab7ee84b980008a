package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Syncs an expanded app-of-apps tree ({@link AppExpander}) the way Argo CD's controller syncs each
 * Application: every app on its own (its own inventory, history, tracking and prune), into its
 * destination namespace, with the sync options its Application sets ({@code CreateNamespace},
 * {@code PruneLast}, {@code PrunePropagationPolicy}, {@code Replace}). The Application objects a
 * parent renders are not applied: there is no Argo CD controller to read them, this engine takes
 * its place and syncs the children itself, parents before children, in render order. A failed app
 * does not stop its siblings, as in Argo CD.
 */
public final class AppTreeSync {

    /**
     * @param result empty when the app renders nothing but Applications (a pure app-of-apps parent),
     *               or when it was refused before any write ({@code error})
     * @param error  why the engine refused the app up front (unknown kind, shared object...); "" otherwise
     */
    public record AppSync(String app, String parent, int depth, String namespace, Optional<SyncResult> result, String error) {

        public boolean succeeded() {
            return error.isEmpty() && result.map(SyncResult::succeeded).orElse(true);
        }
    }

    private final SyncEngine engine;
    private final Predicate<Destination> here;
    private final AppProjects projects;

    /** Every destination is taken to be the cluster of {@code engine}. */
    public AppTreeSync(SyncEngine engine) {
        this(engine, d -> true);
    }

    /**
     * @param here whether an Application's destination is the cluster {@code engine} talks to; an app
     *             bound elsewhere is refused (never deployed to the wrong cluster) and its siblings go on
     */
    public AppTreeSync(SyncEngine engine, Predicate<Destination> here) {
        this(engine, here, null);
    }

    /**
     * @param projects the tree's projects and the operator's ({@link AppProjects#of}); every app's sync
     *                 satisfies {@link AppProjects#policyFor}; null for none (every app unrestricted)
     */
    public AppTreeSync(SyncEngine engine, Predicate<Destination> here, AppProjects projects) {
        this.engine = engine;
        this.here = here;
        this.projects = projects;
    }

    /**
     * The usual test of {@code here}: Argo CD's in-cluster destination, no destination, the API
     * server URL of the cluster, or one of the names it goes by.
     */
    public static Predicate<Destination> cluster(String serverUrl, java.util.Set<String> names) {
        String url = serverUrl == null ? "" : serverUrl.replaceAll("/+$", "");
        return d -> d.inCluster() || (d.server().isEmpty() && d.name().isEmpty())
                || (!d.server().isEmpty() && d.server().replaceAll("/+$", "").equals(url))
                || (!d.name().isEmpty() && names.contains(d.name()));
    }

    /**
     * @param shared the choices every app shares (dry run, prune, tracking, inventory, timeout,
     *               initiator...); its namespace is the default for apps without a destination namespace
     * @param diffOnly compare only, as {@code diff}
     */
    public List<AppSync> sync(List<AppRender> tree, SyncOptions shared, boolean diffOnly) {
        List<AppSync> out = new ArrayList<>();
        for (AppRender r : tree) {
            App app = r.app();
            RenderedSet set = own(r);
            String ns = app.destination().namespace().isEmpty() ? shared.namespace() : app.destination().namespace();
            if (r.objects().isEmpty() && !shared.allowEmpty()) {
                out.add(new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), "its sources render no objects: refused,"
                        + " nothing written (a sync of an empty set with prune would delete the whole app); allow it with allowEmpty (--allow-empty)"));
                continue;
            }
            if (set.size() == 0 && !r.objects().isEmpty()) {
                out.add(new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), ""));
                continue;
            }
            if (!here.test(app.destination())) {
                Destination d = app.destination();
                out.add(new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), "destination "
                        + (d.server().isEmpty() ? "cluster '" + d.name() + "'" : d.server()) + " is another cluster than the one this sync"
                        + " targets: sync it with that cluster's credentials"));
                continue;
            }
            try {
                SyncOptions opts = options(app, shared, ns);
                if (projects != null) {
                    opts = opts.toBuilder().policy(projects.policyFor(app).orElse(null)).sourceRepos(app.repoURLs()).build();
                }
                SyncResult result = diffOnly ? engine.diff(set, opts) : engine.sync(set, opts);
                out.add(new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.of(result), ""));
            } catch (GitopsException e) {
                out.add(new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), e.getMessage()));
            }
        }
        return out;
    }

    /**
     * What an app applies itself: its objects but the Applications it renders (its children) and the
     * AppProjects (what this engine enforces, in Argo CD's place).
     */
    public static RenderedSet own(AppRender r) {
        List<RenderedObject> own = new ArrayList<>();
        for (KubeObject o : r.objects()) {
            if (!ApplicationParser.isApplication(o) && !AppProjects.isAppProject(o)) {
                own.add(new RenderedObject(o, Optional.empty()));
            }
        }
        return RenderedSet.of(own, revision(r), "application", "");
    }

    static SyncOptions options(App app, SyncOptions shared, String namespace) {
        SyncOptions.Builder b = shared.withApp(app.name()).toBuilder().namespace(namespace)
                .createNamespace(shared.createNamespace() || app.hasSyncOption("CreateNamespace"))
                .pruneLast(shared.pruneLast() || app.hasSyncOption("PruneLast"))
                .replace(shared.replace() || app.hasSyncOption("Replace"));
        String policy = app.syncOption("PrunePropagationPolicy");
        if (!policy.isEmpty()) {
            b.prunePropagationPolicy(policy);
        }
        return b.build();
    }

    /** The revisions of the app's sources, as one string ({@code sha} or {@code sha1+sha2}). */
    private static String revision(AppRender r) {
        return String.join("+", r.sets().stream().map(RenderedSet::revision).distinct().toList());
    }
}
