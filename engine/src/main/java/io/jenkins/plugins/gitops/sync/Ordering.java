package io.jenkins.plugins.gitops.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a sync, as Argo CD's: phase, wave, kind (Helm's order; kinds it does not list,
 * such as custom resources, by kind name, so that each kind is one group), namespace, name; then
 * the fix-ups: a Namespace moves to the earliest (phase, wave) of anything in it, a CRD to the
 * earliest of its custom resources, so that neither can come after what needs it.
 */
public final class Ordering {

    public static final Comparator<Task> ORDER = Comparator.comparing(Task::phase).thenComparingInt(Task::wave)
            .thenComparingInt(t -> KindOrder.of(t.key().kind())).thenComparing(t -> t.key().kind()).thenComparing(t -> t.key().namespace())
            .thenComparing(t -> t.key().name()).thenComparing(t -> t.key().group());

    private Ordering() {
    }

    public static List<Task> sort(List<Task> tasks) {
        Map<String, Task> earliestInNamespace = new HashMap<>();
        Map<String, Task> earliestOfKind = new HashMap<>();
        for (Task t : tasks) {
            if (!t.key().namespace().isEmpty()) {
                earliestInNamespace.merge(t.key().namespace(), t, Ordering::earlier);
            }
            earliestOfKind.merge(t.key().group() + "/" + t.key().kind(), t, Ordering::earlier);
        }
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            Task dependent = null;
            if (t.key().kind().equals("Namespace") && t.key().group().isEmpty()) {
                dependent = earliestInNamespace.get(t.key().name());
            } else if (t.isCrd()) {
                dependent = earliestOfKind.get(t.definedKind());
            }
            if (dependent != null && stepOrder(dependent, t) < 0) {
                t = t.at(dependent.phase(), dependent.wave());
            }
            out.add(t);
        }
        out.sort(ORDER);
        return out;
    }

    private static Task earlier(Task a, Task b) {
        return stepOrder(a, b) <= 0 ? a : b;
    }

    private static int stepOrder(Task a, Task b) {
        int c = a.phase().compareTo(b.phase());
        return c != 0 ? c : Integer.compare(a.wave(), b.wave());
    }
}
