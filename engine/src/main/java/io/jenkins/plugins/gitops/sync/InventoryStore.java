package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps inventories in the cluster. Layout, in {@code SyncOptions.inventoryNamespace}
 * (default {@code gitops-system}, created when missing):
 * <ul>
 * <li>{@code gitops-inventory-<app>}: ConfigMap with {@code objects} (JSON list of
 * group, kind, namespace, name, apiVersion, digest), {@code pending} (the same for objects a
 * running sync announced before writing them) and {@code history} (JSON list of
 * {@link HistoryEntry}), labelled {@code gitops.jenkins.io/inventory=<app>};</li>
 * <li>{@code gitops-manifests-<app>-<digest12>-<i>}: the desired objects of one history entry,
 * gzipped JSON split into chunks of at most 700 KiB ({@code binaryData.manifests.json.gz}),
 * shared by entries with the same digest and deleted when no kept entry refers to them. Secrets
 * in them are stubs with a digest ({@link SecretDigests}), never values; chunks written before
 * that rule are rewritten the next time the app records a sync.</li>
 * </ul>
 * The inventory ConfigMap is written with optimistic concurrency: created only if absent,
 * updated only at the resourceVersion it was read at, never force-applied; a conflict is an
 * error naming the ConfigMap (another sync wrote it in between, which the app's lease prevents).
 */
public final class InventoryStore {

    static final String INVENTORY_LABEL = "gitops.jenkins.io/inventory";
    static final String MANIFESTS_LABEL = "gitops.jenkins.io/manifests-of";
    /** On manifest chunks whose Secrets are digests only. */
    static final String SECRETS_ANNOTATION = "gitops.jenkins.io/secrets";
    private static final int CHUNK = 700 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster;
    private final String namespace;
    private final String fieldManager;

    public InventoryStore(Cluster cluster, String namespace, String fieldManager) {
        this(cluster, namespace, fieldManager, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /**
     * @param readyNamespaces the inventory namespaces known to exist, shared by the stores of one engine (one run): the
     *                        apps of a tree check their common namespace once, not once per app and write
     */
    InventoryStore(Cluster cluster, String namespace, String fieldManager, Set<String> readyNamespaces) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.fieldManager = fieldManager;
        this.readyNamespaces = readyNamespaces;
    }

    /** On every ConfigMap the store writes (inventories and manifests): one LIST of the namespace finds them all. */
    static final String MANAGED_BY = "app.kubernetes.io/managed-by=gitops-jenkins";

    /** The namespace the inventories live in. */
    String namespace() {
        return namespace;
    }

    /** Every inventory of the namespace, in one LIST, by ConfigMap name. */
    Map<String, ObjectNode> listInventories() {
        Map<String, ObjectNode> out = new java.util.HashMap<>();
        try {
            for (ObjectNode cm : cluster.list(configMaps(), namespace, INVENTORY_LABEL)) {
                out.put(cm.path("metadata").path("name").asText(), cm);
            }
        } catch (io.jenkins.plugins.gitops.kube.KubeApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        return out;
    }

    static String name(String app) {
        return "gitops-inventory-" + app;
    }

    private ApiResource configMaps() {
        return cluster.resolver().resolve("v1", "ConfigMap");
    }

    public Inventory load(String app) {
        Optional<ObjectNode> cm;
        try {
            cm = cluster.get(configMaps(), namespace, name(app));
        } catch (io.jenkins.plugins.gitops.kube.KubeApiException e) {
            if (e.notFound()) {
                return Inventory.empty(app);
            }
            throw e;
        }
        return cm.isEmpty() ? Inventory.empty(app) : parse(app, cm.get());
    }

    /** The inventory an app's ConfigMap holds (read by {@link #load}, or found in a LIST of the inventory namespace). */
    Inventory parse(String app, ObjectNode cm) {
        try {
            JsonNode data = cm.path("data");
            List<InventoryEntry> objects = entries(data.path("objects").asText("[]"));
            List<InventoryEntry> pending = entries(data.path("pending").asText("[]"));
            List<HistoryEntry> history = new ArrayList<>();
            for (JsonNode h : JSON.readTree(data.path("history").asText("[]"))) {
                history.add(JSON.treeToValue(h, HistoryEntry.class));
            }
            return new Inventory(app, objects, pending, history, cm.path("metadata").path("resourceVersion").asText(""));
        } catch (IOException e) {
            throw new SyncException("ConfigMap/" + namespace + "/" + name(app) + ": the inventory is not readable: " + e.getMessage(), e);
        }
    }

    private static List<InventoryEntry> entries(String json) throws IOException {
        List<InventoryEntry> out = new ArrayList<>();
        for (JsonNode o : JSON.readTree(json)) {
            out.add(new InventoryEntry(new ResourceKey(o.path("group").asText(), o.path("kind").asText(), o.path("namespace").asText(),
                    o.path("name").asText()), o.path("apiVersion").asText(), o.path("digest").asText()));
        }
        return out;
    }

    private static ArrayNode json(List<InventoryEntry> entries) {
        ArrayNode out = JSON.createArrayNode();
        for (InventoryEntry e : entries) {
            out.addObject().put("group", e.key().group()).put("kind", e.key().kind()).put("namespace", e.key().namespace())
                    .put("name", e.key().name()).put("apiVersion", e.apiVersion()).put("digest", e.digest());
        }
        return out;
    }

    /**
     * Writes the inventory if nobody else wrote it since it was loaded (its {@code version}):
     * create when it had none, else an update at that resourceVersion. Returns the inventory with
     * its new version.
     *
     * @throws SyncException on a conflict, naming the ConfigMap
     */
    public Inventory save(Inventory inv) {
        ensureNamespace();
        ObjectNode cm = configMap(name(inv.app()), INVENTORY_LABEL, inv.app());
        try {
            cm.with("data").put("objects", JSON.writeValueAsString(json(inv.objects())))
                    .put("pending", JSON.writeValueAsString(json(inv.pending())))
                    .put("history", JSON.writeValueAsString(inv.history()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode written;
        try {
            if (inv.version().isEmpty()) {
                written = cluster.create(configMaps(), cm, fieldManager, false);
            } else {
                cm.with("metadata").put("resourceVersion", inv.version());
                written = cluster.update(configMaps(), cm, fieldManager, false);
            }
        } catch (io.jenkins.plugins.gitops.kube.KubeApiException e) {
            if (e.code() == 409) {
                // a retried write whose first attempt landed (the answer was lost) conflicts with itself: that is a success
                Inventory now = load(inv.app());
                if (now.objects().equals(inv.objects()) && now.pending().equals(inv.pending()) && now.history().equals(inv.history())) {
                    return now;
                }
                throw new SyncException("ConfigMap/" + namespace + "/" + name(inv.app()) + ": the inventory of app " + inv.app()
                        + " was changed by someone else while this sync ran (" + (inv.version().isEmpty() ? "created" : "resourceVersion "
                        + inv.version() + " is stale") + "); nothing was overwritten: run the sync again", e);
            }
            throw e;
        }
        return inv.withVersion(written.path("metadata").path("resourceVersion").asText(""));
    }

    /** Stores manifests for a digest unless already there (read, never changed); returns the {@code prefix/chunks} reference. */
    public String storeManifests(String app, String digest, List<ObjectNode> objects, Inventory existing) {
        String prefix = "gitops-manifests-" + app + "-" + digest.replace("sha256:", "").substring(0, 12);
        for (HistoryEntry h : existing.history()) {
            if (h.manifests().startsWith(prefix + "/")) {
                return h.manifests();
            }
        }
        ensureNamespace();
        byte[] gz = gzip(withoutSecretValues(objects));
        int chunks = Math.max(1, (gz.length + CHUNK - 1) / CHUNK);
        writeChunks(app, prefix, digest, gz, chunks);
        return prefix + "/" + chunks;
    }

    /** The objects with every Secret replaced by its stub. */
    static List<ObjectNode> withoutSecretValues(List<ObjectNode> objects) {
        return objects.stream().map(o -> SecretDigests.isSecret(o) && !SecretDigests.isStub(o) ? SecretDigests.stub(o) : o).toList();
    }

    /** Writes {@code gz} over {@code chunks} ConfigMaps; trailing chunks may be empty (a rewrite that shrank). */
    private void writeChunks(String app, String prefix, String digest, byte[] gz, int chunks) {
        for (int i = 0; i < chunks; i++) {
            ObjectNode cm = configMap(prefix + "-" + i, MANIFESTS_LABEL, app);
            cm.with("metadata").with("annotations").put("gitops.jenkins.io/digest", digest).put(SECRETS_ANNOTATION, "digests");
            byte[] part = Arrays.copyOfRange(gz, Math.min(gz.length, i * CHUNK), Math.min(gz.length, (i + 1) * CHUNK));
            cm.with("binaryData").put("manifests.json.gz", Base64.getEncoder().encodeToString(part));
            cluster.apply(configMaps(), cm, fieldManager, true, false);
        }
    }

    public List<ObjectNode> loadManifests(HistoryEntry entry) {
        return loadManifests(entry, n -> cluster.get(configMaps(), namespace, n));
    }

    /** The inventory namespace's ConfigMap of that name, or empty. */
    interface ConfigMaps {
        Optional<ObjectNode> get(String name);
    }

    /** The manifests of a history entry, its chunks read from {@code configMaps} (GETs, or a LIST made beforehand). */
    List<ObjectNode> loadManifests(HistoryEntry entry, ConfigMaps configMaps) {
        if (entry.manifests().isEmpty()) {
            throw new SyncException("history entry " + entry.id() + ": its manifests were not stored; render revision " + entry.revision() + " again");
        }
        String prefix = entry.manifests().substring(0, entry.manifests().lastIndexOf('/'));
        int chunks = Integer.parseInt(entry.manifests().substring(entry.manifests().lastIndexOf('/') + 1));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            String n = prefix + "-" + i;
            ObjectNode cm = configMaps.get(n).orElseThrow(() -> new SyncException("ConfigMap/" + namespace + "/" + n
                    + ": the manifests of history entry " + entry.id() + " are gone"));
            all.writeBytes(Base64.getDecoder().decode(cm.path("binaryData").path("manifests.json.gz").asText()));
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(all.toByteArray()))) {
            List<ObjectNode> out = new ArrayList<>();
            JSON.readTree(in).forEach(n -> out.add((ObjectNode) n));
            return out;
        } catch (IOException e) {
            throw new SyncException("history entry " + entry.id() + ": the stored manifests are corrupt: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes manifest ConfigMaps of this app that no kept history entry refers to (those of a
     * sync that died before recording, too), and rewrites kept ones that still hold Secret values
     * (written before Secrets were kept as digests).
     */
    public void collectGarbage(Inventory inv) {
        Set<String> keep = new HashSet<>();
        Map<String, HistoryEntry> byPrefix = new java.util.LinkedHashMap<>();
        for (HistoryEntry h : inv.history()) {
            if (!h.manifests().isEmpty()) {
                String prefix = h.manifests().substring(0, h.manifests().lastIndexOf('/'));
                int chunks = Integer.parseInt(h.manifests().substring(h.manifests().lastIndexOf('/') + 1));
                for (int i = 0; i < chunks; i++) {
                    keep.add(prefix + "-" + i);
                }
                byPrefix.putIfAbsent(prefix, h);
            }
        }
        Set<String> scrub = new HashSet<>();
        for (ObjectNode cm : cluster.list(configMaps(), namespace, MANIFESTS_LABEL + "=" + inv.app())) {
            String n = cm.path("metadata").path("name").asText();
            if (!keep.contains(n)) {
                cluster.delete(configMaps(), namespace, n, "Background");
            } else if (!cm.path("metadata").path("annotations").path(SECRETS_ANNOTATION).asText().equals("digests")) {
                scrub.add(n.substring(0, n.lastIndexOf('-')));
            }
        }
        for (String prefix : scrub) {
            HistoryEntry h = byPrefix.get(prefix);
            if (h == null) {
                continue;
            }
            int chunks = Integer.parseInt(h.manifests().substring(h.manifests().lastIndexOf('/') + 1));
            byte[] gz = gzip(withoutSecretValues(loadManifests(h)));
            if (gz.length <= (long) chunks * CHUNK) {
                writeChunks(inv.app(), prefix, h.digest(), gz, chunks);
            }
        }
    }

    private ObjectNode configMap(String name, String label, String app) {
        ObjectNode cm = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode md = cm.putObject("metadata").put("name", name).put("namespace", namespace);
        md.putObject("labels").put(label, app).put("app.kubernetes.io/managed-by", "gitops-jenkins");
        return cm;
    }

    private final Set<String> readyNamespaces;

    void ensureNamespace() {
        if (readyNamespaces.contains(namespace)) {
            return;
        }
        ApiResource ns = cluster.resolver().resolve("v1", "Namespace");
        if (cluster.get(ns, null, namespace).isEmpty()) {
            ObjectNode o = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            o.putObject("metadata").put("name", namespace);
            cluster.apply(ns, o, fieldManager, true, false);
        }
        readyNamespaces.add(namespace);
    }

    private static byte[] gzip(List<ObjectNode> objects) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            JSON.writeValue(out, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
