package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.LiveCache;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Syncs an expanded app-of-apps tree ({@link AppExpander}) the way Argo CD's controller syncs each
 * Application: every app on its own (its own inventory, history, tracking and prune), into its
 * destination namespace, with the sync options its Application sets ({@code CreateNamespace},
 * {@code PruneLast}, {@code PrunePropagationPolicy}, {@code Replace}). The Application objects a
 * parent renders are not applied: there is no Argo CD controller to read them, this engine takes
 * its place and syncs the children itself, parents before children, the children of a parent wave by
 * wave, the apps of one wave concurrently (a bound on how many at once; see
 * {@link #sync(List, SyncOptions, boolean, int)}). A failed app does not stop its siblings, as in Argo
 * CD: an app that could not even be rendered ({@link AppRender#failed()}) is reported with its render
 * error, and the others sync.
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

        /** One word for the summary table: Synced, Failed, Refused (nothing written), OutOfSync / InSync (a diff), Skipped (only Applications). */
        public String status() {
            if (!error.isEmpty()) {
                return "Refused";
            }
            if (result.isEmpty()) {
                return "Skipped";
            }
            SyncResult r = result.get();
            if (!r.succeeded()) {
                return "Failed";
            }
            return r.dryRun() ? (r.inSync() ? "InSync" : "OutOfSync") : "Synced";
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

    /** Apps synced at once, unless told otherwise ({@code --parallel}, the step's {@code parallel}). */
    public static final int DEFAULT_PARALLEL = 8;

    /**
     * Syncs the apps one at a time, in tree order (see {@link #sync(List, SyncOptions, boolean, int)} with 1).
     *
     * @param shared the choices every app shares (dry run, prune, tracking, inventory, timeout,
     *               initiator...); its namespace is the default for apps without a destination namespace
     * @param diffOnly compare only, as {@code diff}
     */
    public List<AppSync> sync(List<AppRender> tree, SyncOptions shared, boolean diffOnly) {
        return sync(tree, shared, diffOnly, 1);
    }

    /**
     * Syncs every app of the tree, up to {@code parallel} at once, in the order Argo CD's app of
     * apps gives them ({@link AppWaves}): a child after its parent, and the children of one parent
     * wave by wave (sync-wave annotation of their Application): the apps of a wave together, the largest
     * (most objects) first, the next wave once every app of the previous one (and every app under it)
     * has finished its sync. Roots are independent apps, as in Argo CD: they go together. An app that
     * fails or is refused does not stop anything: its siblings, the next waves and its own children
     * still sync (today's rule, as the sequential loop had it: a later wave that needs what the failed
     * app provides fails its own dry run, which writes nothing). A sync ends once its last wave is applied, as Argo CD's, so
     * "finished" is synced, not waited healthy: {@code --wait} waits for the apps afterwards.
     *
     * <p>The shared options' listener hears every app: each app's calls come one at a time (as the
     * engine promises for one sync), but apps that run together call it concurrently, so a listener
     * that keeps state across apps synchronizes it.
     *
     * @param parallel how many apps sync at once; 1 syncs them one after the other in tree order
     * @return one result per app, in tree order (by wave, then name, under each parent), whatever the order they ran in
     */
    public List<AppSync> sync(List<AppRender> tree, SyncOptions shared, boolean diffOnly, int parallel) {
        if (parallel <= 1 || tree.size() <= 1) {
            List<AppSync> out = new ArrayList<>();
            for (AppRender r : tree) {
                out.add(syncOne(engine, r, shared, diffOnly));
            }
            return out;
        }
        AppWaves waves = AppWaves.of(tree);
        // one LIST per kind for the whole run, not one per app and kind (see LiveCache for why each app may share it), all
        // started now: an app of a later wave finds the kinds it reads already listed, as one app's sync lists them all at once
        LiveCache cache = engine.newLiveCache();
        SyncEngine runEngine = engine.withLiveCache(cache);
        ExecutorService lists = Executors.newFixedThreadPool(shared.parallelism(), WaveScheduler.daemon("gitops-apps-list-"));
        cache.prefetch(objects(tree, lists).stream().filter(o -> !ApplicationParser.isApplication(o) && !AppProjects.isAppProject(o)).toList(), lists);
        RuntimeException[] unexpected = new RuntimeException[1];
        int[] sizes = tree.stream().mapToInt(r -> r.failed() ? 0 : r.objects().size()).toArray();
        // an app that is already in sync (a re-sync that finds nothing to write) is done at once: the wave order is about
        // writes, and it writes nothing; the others wait for their turn
        WaveScheduler.Work work = new WaveScheduler.Work() {
            @Override
            public AppSync early(int i) {
                return inSync(runEngine.withOwnCallCount(), tree.get(i), shared);
            }

            @Override
            public AppSync turn(int i) {
                return syncInTurn(runEngine, tree.get(i), shared, diffOnly, unexpected);
            }

            @Override
            public AppSync failed(int i, Throwable t) {
                AppRender r = tree.get(i);
                return new AppSync(r.app().name(), r.parent(), r.depth(), namespace(r.app(), shared), Optional.empty(), String.valueOf(t));
            }
        };
        List<AppSync> out;
        try {
            out = new WaveScheduler(waves, sizes, !diffOnly, work).run(parallel, "gitops-apps-");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitopsException("apps: interrupted while syncing the tree", e);
        } finally {
            lists.shutdownNow();
        }
        if (unexpected[0] != null) {
            throw unexpected[0]; // not an app's error (those are GitopsExceptions, reported per app): a bug, as the sequential loop threw it
        }
        return out;
    }

    private AppSync syncInTurn(SyncEngine runEngine, AppRender r, SyncOptions shared, boolean diffOnly, RuntimeException[] unexpected) {
        try {
            // each app its own call count: its result's writes and API calls are its own, not its neighbours'
            return syncOne(runEngine.withOwnCallCount(), r, shared, diffOnly);
        } catch (RuntimeException e) {
            synchronized (unexpected) {
                unexpected[0] = unexpected[0] == null ? e : unexpected[0];
            }
            return new AppSync(r.app().name(), r.parent(), r.depth(), namespace(r.app(), shared), Optional.empty(), String.valueOf(e.getMessage()));
        }
    }

    /**
     * Every rendered app's objects, read on {@code pool}: a cached render's objects are parsed when
     * first asked for (12 MB of JSON for Kubeflow's 27 apps), and apps parse theirs at once, not in a row.
     */
    private static List<KubeObject> objects(List<AppRender> tree, ExecutorService pool) {
        List<java.util.concurrent.Future<List<KubeObject>>> parsed = tree.stream().filter(r -> !r.failed()).map(r -> pool.submit(r::objects)).toList();
        List<KubeObject> out = new ArrayList<>();
        for (java.util.concurrent.Future<List<KubeObject>> f : parsed) {
            try {
                out.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitopsException("apps: interrupted while reading the rendered objects", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new GitopsException("apps: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    /**
     * The app's sync ahead of its turn when it is already in sync ({@link SyncEngine#syncIfInSync}); null when it has to
     * wait for its turn: it has something to write, is refused or fails here (its turn reports why).
     */
    private AppSync inSync(SyncEngine engine, AppRender r, SyncOptions shared) {
        try {
            App app = r.app();
            if (r.failed() || r.objects().isEmpty()) {
                return null;
            }
            RenderedSet set = own(r);
            if (set.size() == 0 || !here.test(app.destination())) {
                return null;
            }
            String ns = namespace(app, shared);
            return engine.syncIfInSync(set, appOptions(app, shared, ns)).map(res -> new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.of(res), "")).orElse(null);
        } catch (RuntimeException e) {
            return null; // its turn syncs it again and reports what went wrong
        }
    }

    private static String namespace(App app, SyncOptions shared) {
        return app.destination().namespace().isEmpty() ? shared.namespace() : app.destination().namespace();
    }

    private AppSync syncOne(SyncEngine engine, AppRender r, SyncOptions shared, boolean diffOnly) {
        App app = r.app();
        String ns = namespace(app, shared);
        if (r.failed()) {
            return new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), r.error());
        }
        RenderedSet set = own(r);
        if (r.objects().isEmpty() && !shared.allowEmpty()) {
            // never silent: a folder whose files the renderer does not read (a typo in the path) renders nothing, and a
            // sync of an empty set with prune would delete the whole app
            return new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), "Application " + app.name() + ": "
                    + String.join(", ", app.sources().stream().map(AppSource::describe).toList()) + " rendered no objects: refused,"
                    + " nothing written (a sync of an empty set with prune would delete the whole app); allow it with allowEmpty (--allow-empty)");
        }
        if (set.size() == 0 && !r.objects().isEmpty()) {
            return new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), "");
        }
        if (!here.test(app.destination())) {
            Destination d = app.destination();
            return new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), "destination "
                    + (d.server().isEmpty() ? "cluster '" + d.name() + "'" : d.server()) + " is another cluster than the one this sync"
                    + " targets: sync it with that cluster's credentials");
        }
        try {
            SyncOptions opts = appOptions(app, shared, ns);
            SyncResult result = diffOnly ? engine.diff(set, opts) : engine.sync(set, opts);
            return new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.of(result), "");
        } catch (GitopsException e) {
            return new AppSync(app.name(), r.parent(), r.depth(), ns, Optional.empty(), e.getMessage());
        }
    }

    /**
     * The summary printed after a tree: one line per app with its revision, result, counts and
     * message (the first line of an error or of a failed sync's message).
     *
     * @param tree the expanded tree the results belong to, in the same order (for the revisions of apps that did not sync)
     */
    public static String table(List<AppRender> tree, List<AppSync> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"APP", "REVISION", "RESULT", "COUNTS", "MESSAGE"});
        for (int i = 0; i < results.size(); i++) {
            AppSync a = results.get(i);
            String revision = a.result().map(SyncResult::revision).filter(v -> !v.isEmpty())
                    .orElse(i < tree.size() && !tree.get(i).failed() ? revision(tree.get(i)) : "");
            String counts = a.result().map(AppTreeSync::counts).orElse("-");
            String message = !a.error().isEmpty() ? a.error() : a.result().map(SyncResult::message).orElse("only Applications");
            message = message.lines().findFirst().orElse("");
            rows.add(new String[] {"  ".repeat(a.depth()) + a.app(), revision.isEmpty() ? "-" : Defaults.shortSha(revision),
                    a.status(), counts, message.isEmpty() ? "-" : message});
        }
        int[] width = new int[4];
        rows.forEach(r -> {
            for (int c = 0; c < 4; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        });
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append(String.format("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3] + "s  %s", (Object[]) r)
                    .stripTrailing()).append('\n');
        }
        long failed = results.stream().filter(a -> !a.succeeded()).count();
        b.append(results.size()).append(" app(s), ").append(failed).append(" failed\n");
        return b.toString();
    }

    private static String counts(SyncResult r) {
        return r.count(io.jenkins.plugins.gitops.sync.Action.CREATED) + " created, " + r.count(io.jenkins.plugins.gitops.sync.Action.CONFIGURED)
                + " configured, " + r.count(io.jenkins.plugins.gitops.sync.Action.PRUNED) + " pruned, "
                + r.count(io.jenkins.plugins.gitops.sync.Action.FAILED) + " failed";
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
        if (r.sets().size() == 1 && own.size() == r.sets().get(0).size()) {
            // every object of its one set is its own: the set's digest is theirs (the same hash of the same objects in the
            // same order, checked against the render cache's entry as it was read), and hashing them again, 12 MB of
            // JSON for Kubeflow, was a quarter of a cached re-sync from a new process; the render refused duplicates
            return new RenderedSet(own, revision(r), "application", "", r.sets().get(0).digest());
        }
        return RenderedSet.of(own, revision(r), "application", "");
    }

    /** The app's options ({@link #options}) with the policy of its project, when the tree has projects. */
    private SyncOptions appOptions(App app, SyncOptions shared, String namespace) {
        SyncOptions opts = options(app, shared, namespace);
        return projects == null ? opts : opts.toBuilder().policy(projects.policyFor(app).orElse(null)).sourceRepos(app.repoURLs()).build();
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
