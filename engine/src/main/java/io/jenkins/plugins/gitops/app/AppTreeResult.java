package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.ResultJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an app-of-apps run did: the expanded tree and, unless it was only rendered, what each app's
 * sync did. The one external form of {@code gitops apps --output json} and of {@code gitopsApps}'s
 * return value ({@link #toMap(boolean)}).
 *
 * @param tree    the expanded tree ({@link AppExpander})
 * @param results one per app of the tree, in the same order ({@link AppTreeSync#sync}); empty when only rendered
 */
public record AppTreeResult(List<AppRender> tree, List<AppTreeSync.AppSync> results) {

    public AppTreeResult {
        tree = List.copyOf(tree);
        results = List.copyOf(results);
        if (!results.isEmpty() && results.size() != tree.size()) {
            throw new IllegalArgumentException(results.size() + " sync results for a tree of " + tree.size() + " apps");
        }
    }

    /** A tree that was rendered, not synced. */
    public static AppTreeResult rendered(List<AppRender> tree) {
        return new AppTreeResult(tree, List.of());
    }

    /** Every app rendered and, when synced, every app's sync succeeded and none was refused. */
    public boolean succeeded() {
        return results.isEmpty() ? tree.stream().noneMatch(AppRender::failed) : results.stream().allMatch(AppTreeSync.AppSync::succeeded);
    }

    /**
     * One app: {@code app}, {@code parent}, {@code depth}, {@code namespace} (where its objects
     * go), {@code status}, {@code error} ("" for none), {@code objectCount} (what it rendered,
     * Applications included), {@code applications} (how many of those are Applications: its
     * children), {@code warnings}, {@code cacheHit} (every source came from the render cache), and when it synced {@code inSync} and {@code sync}
     * (the sync's {@link io.jenkins.plugins.gitops.sync.SyncResult#toMap(boolean)}).
     *
     * <p>{@code status}: {@code Rendered} or {@code Failed} for a tree only rendered; else the
     * sync's status ({@code Succeeded}, {@code Failed}, {@code Waiting}), {@code Refused} (nothing
     * written: a render error, a destination elsewhere, a refusal before the first write) or
     * {@code Skipped} (nothing of its own to sync, only Applications).
     *
     * @param withDiffs whether the sync's objects carry their diffs
     */
    public Map<String, Object> app(int index, boolean withDiffs) {
        AppRender r = tree.get(index);
        AppTreeSync.AppSync s = results.isEmpty() ? null : results.get(index);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app", r.app().name());
        m.put("parent", r.parent());
        m.put("depth", r.depth());
        m.put("namespace", s != null ? s.namespace() : r.app().destination().namespace());
        m.put("status", status(r, s));
        m.put("error", s != null && !s.error().isEmpty() ? s.error() : r.error());
        m.put("objectCount", r.objects().size());
        m.put("applications", (int) r.objects().stream().filter(ApplicationParser::isApplication).count());
        m.put("warnings", new ArrayList<>(r.warnings()));
        m.put("cacheHit", r.cacheHit());
        if (s != null && s.result().isPresent()) {
            m.put("inSync", s.result().get().inSync());
            m.put("sync", s.result().get().toMap(withDiffs));
        }
        return m;
    }

    /** {@link #app} of every app, in tree order. */
    public List<Map<String, Object>> apps(boolean withDiffs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < tree.size(); i++) {
            out.add(app(i, withDiffs));
        }
        return out;
    }

    /** {@code apps} ({@link #app}) and {@code succeeded}. */
    public Map<String, Object> toMap(boolean withDiffs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apps", apps(withDiffs));
        m.put("succeeded", succeeded());
        return m;
    }

    /** {@link #toMap(boolean)} as JSON. */
    public String toJson(boolean withDiffs) {
        return ResultJson.write(toMap(withDiffs));
    }

    private static String status(AppRender r, AppTreeSync.AppSync s) {
        if (s == null) {
            return r.failed() ? "Failed" : "Rendered";
        }
        if (!s.error().isEmpty()) {
            return "Refused";
        }
        return s.result().map(io.jenkins.plugins.gitops.sync.SyncResult::status).orElse("Skipped");
    }
}
