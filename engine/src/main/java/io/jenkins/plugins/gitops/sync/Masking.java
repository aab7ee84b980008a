package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Hides Secret values before anything is shown, as Argo CD does: every value becomes a run of
 * {@code +}; a key whose value differs gets a longer run on the desired side, so equal and
 * unequal stay visible without showing either value.
 */
final class Masking {

    private static final String SAME = "++++++++";
    private static final String CHANGED = "+++++++++++";

    private Masking() {
    }

    /** Masks {@code live} and {@code desired} (either may be null) in place when they are Secrets. */
    static void mask(ObjectNode live, ObjectNode desired) {
        ObjectNode l = live == null ? null : field(live, "data");
        ObjectNode d = desired == null ? null : field(desired, "data");
        Set<String> keys = new HashSet<>();
        if (l != null) {
            l.fieldNames().forEachRemaining(keys::add);
        }
        if (d != null) {
            d.fieldNames().forEachRemaining(keys::add);
        }
        for (String k : keys) {
            JsonNode lv = l == null ? null : l.get(k);
            JsonNode dv = d == null ? null : d.get(k);
            boolean equal = lv != null && lv.equals(dv);
            if (lv != null) {
                l.put(k, SAME);
            }
            if (dv != null) {
                d.put(k, equal ? SAME : CHANGED);
            }
        }
        for (ObjectNode o : new ObjectNode[] {live, desired}) {
            if (o != null && o.get("stringData") instanceof ObjectNode sd) {
                for (Iterator<String> it = sd.fieldNames(); it.hasNext();) {
                    sd.put(it.next(), SAME);
                }
            }
        }
    }

    private static ObjectNode field(ObjectNode o, String name) {
        return o.get(name) instanceof ObjectNode n ? n : null;
    }
}
