package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.health.wait.WaitState.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One watch to open: a kind, and the narrowest scope that covers the tracked objects of that
 * kind. With a label selector, one watch per kind (across namespaces when the objects span
 * several); without, a single object is watched by name and several by their namespace.
 */
record WatchScope(String apiVersion, String kind, String namespace, String labelSelector, String name) {

    static List<WatchScope> plan(Collection<Target> targets, String labelSelector) {
        Map<String, List<Target>> byKind = new LinkedHashMap<>();
        for (Target t : targets) {
            byKind.computeIfAbsent(t.apiVersion() + "|" + t.kind(), k -> new ArrayList<>()).add(t);
        }
        List<WatchScope> out = new ArrayList<>();
        for (List<Target> group : byKind.values()) {
            Target first = group.get(0);
            Set<String> namespaces = group.stream().map(Target::namespace).collect(Collectors.toSet());
            String ns = namespaces.size() == 1 && !first.namespace().isEmpty() ? first.namespace() : null;
            boolean selector = labelSelector != null && !labelSelector.isBlank();
            String name = !selector && group.size() == 1 ? first.name() : null;
            out.add(new WatchScope(first.apiVersion(), first.kind(), ns, selector ? labelSelector : null, name));
        }
        return out;
    }
}
