package io.jenkins.plugins.gitops.app;

import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.List;
import java.util.Objects;

/**
 * One app of an expanded tree and what it rendered.
 *
 * @param app the app
 * @param parent the name of the app whose render contained this one ("" for the root)
 * @param depth 0 for the root, 1 for its children...
 * @param sets one rendered set per manifest-producing source, in source order
 */
public record AppRender(App app, String parent, int depth, List<RenderedSet> sets) {

    public AppRender {
        Objects.requireNonNull(app, "app");
        parent = parent == null ? "" : parent;
        sets = List.copyOf(sets);
    }

    /** All objects of all sources, in order. */
    public List<io.jenkins.plugins.gitops.kube.KubeObject> objects() {
        return sets.stream().flatMap(s -> s.kubeObjects().stream()).toList();
    }
}
