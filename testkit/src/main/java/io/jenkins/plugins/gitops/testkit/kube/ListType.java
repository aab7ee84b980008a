package io.jenkins.plugins.gitops.testkit.kube;

import java.util.List;

/**
 * How a JSON list in a Kubernetes object is merged, mirroring {@code x-kubernetes-list-type}
 * (and, for built-in kinds, {@code patchStrategy}/{@code patchMergeKey}):
 * <ul>
 *   <li>{@link Kind#ATOMIC}: the list is one value; a patch replaces it whole.</li>
 *   <li>{@link Kind#SET}: scalar items, unique; patches union.</li>
 *   <li>{@link Kind#MAP}: object items identified by {@link #keys()}; patches merge item by item.</li>
 * </ul>
 */
public record ListType(Kind kind, List<String> keys) {

    public enum Kind { ATOMIC, SET, MAP }

    public static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of());
    public static final ListType SET = new ListType(Kind.SET, List.of());

    /** Keys are only meaningful for MAP, and a MAP without keys could never match an item. */
    public ListType {
        if (kind == null) {
            throw new IllegalArgumentException("list type needs a kind");
        }
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (kind == Kind.MAP && keys.isEmpty()) {
            throw new IllegalArgumentException("a map list type needs at least one key");
        }
        if (kind != Kind.MAP && !keys.isEmpty()) {
            throw new IllegalArgumentException("only map list types have keys, got " + kind + " with " + keys);
        }
    }

    public static ListType map(String... keys) {
        return new ListType(Kind.MAP, List.of(keys));
    }

    public boolean isAtomic() {
        return kind == Kind.ATOMIC;
    }

    public boolean isSet() {
        return kind == Kind.SET;
    }

    public boolean isMap() {
        return kind == Kind.MAP;
    }
}
