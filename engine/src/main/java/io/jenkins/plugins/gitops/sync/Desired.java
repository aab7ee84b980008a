package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns rendered objects into tasks: the scope of every kind (from discovery, or from a CRD in
 * the same set), the default namespace filled in, tracking marks stamped, the wave and hook
 * read, the digest computed. Every problem is collected and reported at once, before anything
 * is written.
 */
final class Desired {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Desired() {
    }

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /**
     * The tasks, and the hooks no sync runs (Helm's test, rollback and delete hooks; Argo CD's
     * PreDelete/PostDelete), reported as skipped so that the table says why they were not applied.
     */
    record Prepared(List<Task> tasks, List<ObjectResult> neverRun) {
        Prepared {
            tasks = List.copyOf(tasks);
            neverRun = List.copyOf(neverRun);
        }
    }

    static Prepared prepare(List<KubeObject> objects, SyncOptions opts, Cluster cluster) {
        return prepare(objects, opts, cluster, null);
    }

    /** Sets this large are prepared in slices at once on the sync's pool (a copy, marks and a digest per object). */
    static final int SLICED_FROM = 200;

    /**
     * As {@link #prepare(List, SyncOptions, Cluster)}, a large set in slices on {@code pool} (null:
     * on this thread): Kubeflow's 683 objects, 12 MB to copy and digest, on both cores. Each
     * object is prepared on its own, so the tasks, hooks and errors are those of one pass, in order.
     */
    static Prepared prepare(List<KubeObject> objects, SyncOptions opts, Cluster cluster, java.util.concurrent.ExecutorService pool) {
        Map<String, Boolean> crdScopes = new HashMap<>();
        for (KubeObject o : objects) {
            if (o.kind().equals("CustomResourceDefinition")) {
                crdScopes.put(o.at("/spec/group").asText() + "/" + o.at("/spec/names/kind").asText(),
                        "Namespaced".equals(o.at("/spec/scope").asText()));
            }
        }
        int slices = pool == null || objects.size() < SLICED_FROM ? 1 : Math.min(4, opts.parallelism());
        List<java.util.concurrent.Future<Slice>> fs = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            List<KubeObject> part = objects.subList(objects.size() * i / slices, objects.size() * (i + 1) / slices);
            if (slices == 1) {
                fs.add(java.util.concurrent.CompletableFuture.completedFuture(slice(part, opts, cluster, crdScopes)));
            } else {
                fs.add(pool.submit(() -> slice(part, opts, cluster, crdScopes)));
            }
        }
        List<String> errors = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        List<ObjectResult> neverRun = new ArrayList<>();
        for (java.util.concurrent.Future<Slice> f : fs) {
            Slice done = Futures.get(f, "interrupted while preparing the objects", "cannot prepare the objects");
            errors.addAll(done.errors);
            tasks.addAll(done.tasks);
            neverRun.addAll(done.neverRun);
        }
        if (!errors.isEmpty()) {
            throw new SyncException(String.join("\n", errors));
        }
        return new Prepared(tasks, neverRun);
    }

    /** What one slice of a set prepared. */
    private record Slice(List<Task> tasks, List<ObjectResult> neverRun, List<String> errors) {
    }

    private static Slice slice(List<KubeObject> objects, SyncOptions opts, Cluster cluster, Map<String, Boolean> crdScopes) {
        List<String> errors = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        List<ObjectResult> neverRun = new ArrayList<>();
        for (KubeObject o : objects) {
            if (Annotations.skipped(o)) {
                continue;
            }
            try {
                Optional<ApiResource> served = cluster.resolver().find(o.apiVersion(), o.kind());
                Boolean namespaced = served.map(ApiResource::namespaced).orElse(crdScopes.get(o.group() + "/" + o.kind()));
                if (namespaced == null) {
                    errors.add(o.key() + ": unknown kind " + o.kind() + " (" + o.apiVersion()
                            + "): the API server does not serve it and no CustomResourceDefinition in the manifests defines it"
                            + (o.group().equals("argoproj.io") && o.kind().equals("Application")
                                    ? " (an Argo CD app of apps: sync it with gitopsApps or `gitops apps`, which deploy the Applications' sources)"
                                    : ""));
                    continue;
                }
                ObjectNode json = o.json();
                ObjectNode md = json.with("metadata");
                if (namespaced && md.path("namespace").asText("").isEmpty()) {
                    if (opts.namespace().isEmpty()) {
                        errors.add(o.key() + ": namespaced object without a namespace, and no default namespace (use --namespace)");
                        continue;
                    }
                    md.put("namespace", opts.namespace());
                } else if (!namespaced) {
                    md.remove("namespace");
                }
                if (SecretDigests.isSecret(json) && md.path("annotations").has(LAST_APPLIED)) {
                    // kubectl apply's copy of the whole object: the values in plain text in metadata, which
                    // metadata-only readers see and which survives in every copy of the manifest
                    errors.add(o.key() + ": annotation " + LAST_APPLIED + " holds the Secret's values in plain text;"
                            + " remove it from the manifest (a server-side apply needs none)");
                    continue;
                }
                if (md.path("name").asText("").isEmpty() && md.path("generateName").asText("").isEmpty()) {
                    errors.add(o.key() + ": object without metadata.name");
                    continue;
                }
                // json is this task's own copy: keyed in place, marked, then adopted (not copied again) once marked
                ResourceKey key = KubeObject.keyOf(json);
                int wave = Annotations.wave(o);
                if (!Annotations.isHook(o)) {
                    opts.tracking().mark(json, opts.app(), key);
                    KubeObject marked = KubeObject.adopt(json);
                    tasks.add(new Task(marked, Phase.SYNC, wave, false, digest(marked)));
                    continue;
                }
                List<Phase> phases = Annotations.hookPhases(o);
                if (phases.isEmpty()) {
                    String named = o.annotation(Annotations.ARGO_HOOK).map(v -> Annotations.ARGO_HOOK + ": " + v)
                            .orElseGet(() -> Annotations.HELM_HOOK + ": " + o.annotation(Annotations.HELM_HOOK).orElse(""));
                    neverRun.add(new ObjectResult(key, Phase.SYNC, wave, true, Action.SKIPPED,
                            "hook not run by a sync (" + named + "), as in Argo CD", ""));
                    continue;
                }
                opts.tracking().mark(json, opts.app(), key);
                KubeObject marked = KubeObject.adopt(json);
                // a hook naming several phases ("pre-install,post-install") runs in each of them
                for (Phase p : phases) {
                    tasks.add(new Task(marked, p, wave, true, digest(marked)));
                }
            } catch (SyncException e) {
                errors.add(e.getMessage());
            }
        }
        return new Slice(tasks, neverRun, errors);
    }

    /** Namespaces the tasks need that are neither in the set nor in the cluster: errors, unless createNamespace covers them. */
    static List<Task> checkNamespaces(List<Task> tasks, SyncOptions opts, Cluster cluster) {
        return checkNamespaces(tasks, opts, ClusterReads.live(cluster));
    }

    static List<Task> checkNamespaces(List<Task> tasks, SyncOptions opts, ClusterReads reads) {
        Set<String> inSet = new LinkedHashSet<>();
        Set<String> needed = new LinkedHashSet<>();
        for (Task t : tasks) {
            if (t.key().kind().equals("Namespace") && t.key().group().isEmpty()) {
                inSet.add(t.key().name());
            } else if (!t.key().namespace().isEmpty()) {
                needed.add(t.key().namespace());
            }
        }
        needed.removeAll(inSet);
        List<Task> extra = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String n : needed) {
            if (reads.namespaceExists(n)) {
                continue;
            }
            if (opts.createNamespace() && n.equals(opts.namespace())) {
                ObjectNode o = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
                o.putObject("metadata").put("name", n);
                // created for the app but not tracked by it, as Argo CD's CreateNamespace: never pruned
                extra.add(new Task(KubeObject.of(o), Phase.PRE_SYNC, Integer.MIN_VALUE, false, digest(o)));
                continue;
            }
            tasks.stream().filter(t -> t.key().namespace().equals(n)).findFirst().ifPresent(t -> errors.add(t.key()
                    + ": namespace " + n + " does not exist and is not in the manifests (add it, or use --create-namespace with --namespace " + n + ")"));
        }
        if (!errors.isEmpty()) {
            throw new SyncException(String.join("\n", errors));
        }
        return extra;
    }

    static String digest(ObjectNode json) {
        try {
            return digest(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest of a task's object, of the bytes its dry run and apply send. */
    static String digest(KubeObject object) {
        return digest(object.jsonBytes());
    }

    private static String digest(byte[] json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a selective-sync spec ({@code Kind/name}, {@code Kind/ns/name}, {@code Kind.group/ns/name}) names the key. */
    static boolean selected(ResourceKey key, Set<String> only) {
        if (only.isEmpty()) {
            return true;
        }
        String full = key.toString();
        String kindNsName = key.kind() + "/" + (key.namespace().isEmpty() ? "" : key.namespace() + "/") + key.name();
        String kindName = key.kind() + "/" + key.name();
        return only.contains(full) || only.contains(kindNsName) || only.contains(kindName);
    }
}
