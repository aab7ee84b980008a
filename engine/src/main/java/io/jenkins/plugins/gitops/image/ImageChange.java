package io.jenkins.plugins.gitops.image;

import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.policy.ImageDecision;
import io.jenkins.plugins.gitops.registry.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image of an update or a plan: the value its files held, the reference chosen and why, and
 * every value changed for it (file, line, field). No change means the files already hold it.
 *
 * @param current the first value changed for it, as written before ("" when nothing changes or the value was added)
 */
public record ImageChange(String name, String current, ImageReference chosen, String reason, List<ValueChange> changes) {

    public ImageChange {
        current = current == null ? "" : current;
        changes = List.copyOf(changes);
    }

    public boolean changed() {
        return !changes.isEmpty();
    }

    /** Per decision, the changes made for its image, in the order the editor reported them. */
    static List<ImageChange> of(List<ImageDecision> decisions, List<ValueChange> changes) {
        List<ImageChange> out = new ArrayList<>();
        for (ImageDecision d : decisions) {
            String name = d.chosen().name();
            List<ValueChange> own = changes.stream().filter(c -> name.equals(c.subject())).toList();
            String current = own.isEmpty() || own.get(0).oldValue() == null ? "" : own.get(0).oldValue();
            out.add(new ImageChange(name, current, d.chosen(), d.reason(), own));
        }
        return out;
    }

    /** {@code name: old -> new}, {@code name: (added) -> new} or {@code name: unchanged new}: a build record's line. */
    public String line() {
        return name + ": " + (changed() ? (current.isEmpty() ? "(added)" : current) + " -> " : "unchanged ") + chosen;
    }

    /** {@code name, old, new, newTag, newDigest, reason, changed}; "" for what is absent. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("old", current);
        m.put("new", chosen.toString());
        m.put("newTag", chosen.tag().orElse(""));
        m.put("newDigest", chosen.digest().orElse(""));
        m.put("reason", reason);
        m.put("changed", changed());
        return m;
    }
}
