package io.jenkins.plugins.gitops.testkit.kube;

import java.util.List;

/**
 * Tells a merge algorithm how the list at a path is merged.
 *
 * <p>The path is the field names from the object root to the list; list elements add nothing to
 * the path, because all items of a list share one schema. So a container's {@code env} list is
 * {@code ["spec","template","spec","containers","env"]}.
 */
@FunctionalInterface
public interface ListSchema {

    /** Every list atomic: what plain JSON (no schema) implies. */
    ListSchema ALL_ATOMIC = path -> ListType.ATOMIC;

    ListType listType(List<String> path);
}
