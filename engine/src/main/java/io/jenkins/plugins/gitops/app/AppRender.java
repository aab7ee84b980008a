package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.List;
import java.util.Objects;

/**
 * One app of an expanded tree and what it rendered, or why it could not be rendered: as in Argo CD,
 * each child is its own app, and one that cannot be rendered (a Git error, a bad Application, a
 * render error) is reported with its name while its siblings go on.
 *
 * @param app the app
 * @param parent the name of the app whose render contained this one ("" for the root)
 * @param depth 0 for the root, 1 for its children...
 * @param sets one rendered set per manifest-producing source, in source order; empty when {@code error} is set
 * @param error why the app could not be rendered (Argo CD's ComparisonError), starting with "Application NAME: "; "" when rendered
 * @param warnings lines to show the user (a kustomize version with no configured binary); empty for none
 * @param cacheHit every source came from the render cache (keyed by its own repository tree, path and renderer options)
 */
public record AppRender(App app, String parent, int depth, List<RenderedSet> sets, String error, List<String> warnings, boolean cacheHit) {

    public AppRender {
        Objects.requireNonNull(app, "app");
        parent = parent == null ? "" : parent;
        sets = List.copyOf(sets);
        error = error == null ? "" : error;
        warnings = List.copyOf(warnings == null ? List.of() : warnings);
    }

    public AppRender(App app, String parent, int depth, List<RenderedSet> sets, String error, List<String> warnings) {
        this(app, parent, depth, sets, error, warnings, false);
    }

    public AppRender(App app, String parent, int depth, List<RenderedSet> sets) {
        this(app, parent, depth, sets, "", List.of());
    }

    public boolean failed() {
        return !error.isEmpty();
    }

    /** All objects of all sources, in order. */
    public List<io.jenkins.plugins.gitops.kube.KubeObject> objects() {
        return sets.stream().flatMap(s -> s.kubeObjects().stream()).toList();
    }
}
