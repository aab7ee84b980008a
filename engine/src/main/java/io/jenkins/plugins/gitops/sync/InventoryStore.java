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
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps inventories in the cluster. Layout, in {@code SyncOptions.inventoryNamespace}
 * (default {@code gitops-system}, created when missing):
 * <ul>
 * <li>{@code gitops-inventory-<app>}: ConfigMap with {@code objects} (JSON list of
 * group, kind, namespace, name, apiVersion, digest) and {@code history} (JSON list of
 * {@link HistoryEntry}), labelled {@code gitops.jenkins.io/inventory=<app>};</li>
 * <li>{@code gitops-manifests-<app>-<digest12>-<i>}: the desired objects of one history entry,
 * gzipped JSON split into chunks of at most 700 KiB ({@code binaryData.manifests.json.gz}),
 * shared by entries with the same digest and deleted when no kept entry refers to them.</li>
 * </ul>
 */
public final class InventoryStore {

    static final String INVENTORY_LABEL = "gitops.jenkins.io/inventory";
    static final String MANIFESTS_LABEL = "gitops.jenkins.io/manifests-of";
    private static final int CHUNK = 700 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster;
    private final String namespace;
    private final String fieldManager;

    public InventoryStore(Cluster cluster, String namespace, String fieldManager) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.fieldManager = fieldManager;
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
        if (cm.isEmpty()) {
            return Inventory.empty(app);
        }
        try {
            JsonNode data = cm.get().path("data");
            List<InventoryEntry> objects = new ArrayList<>();
            for (JsonNode o : JSON.readTree(data.path("objects").asText("[]"))) {
                objects.add(new InventoryEntry(new ResourceKey(o.path("group").asText(), o.path("kind").asText(), o.path("namespace").asText(),
                        o.path("name").asText()), o.path("apiVersion").asText(), o.path("digest").asText()));
            }
            List<HistoryEntry> history = new ArrayList<>();
            for (JsonNode h : JSON.readTree(data.path("history").asText("[]"))) {
                history.add(JSON.treeToValue(h, HistoryEntry.class));
            }
            return new Inventory(app, objects, history);
        } catch (IOException e) {
            throw new SyncException("ConfigMap/" + namespace + "/" + name(app) + ": the inventory is not readable: " + e.getMessage(), e);
        }
    }

    public void save(Inventory inv) {
        ensureNamespace();
        ArrayNode objects = JSON.createArrayNode();
        for (InventoryEntry e : inv.objects()) {
            objects.addObject().put("group", e.key().group()).put("kind", e.key().kind()).put("namespace", e.key().namespace())
                    .put("name", e.key().name()).put("apiVersion", e.apiVersion()).put("digest", e.digest());
        }
        ObjectNode cm = configMap(name(inv.app()), INVENTORY_LABEL, inv.app());
        try {
            cm.with("data").put("objects", JSON.writeValueAsString(objects)).put("history", JSON.writeValueAsString(inv.history()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster.apply(configMaps(), cm, fieldManager, true, false);
    }

    /** Stores manifests for a digest unless already there; returns the {@code prefix/chunks} reference. */
    public String storeManifests(String app, String digest, List<ObjectNode> objects, Inventory existing) {
        String prefix = "gitops-manifests-" + app + "-" + digest.replace("sha256:", "").substring(0, 12);
        for (HistoryEntry h : existing.history()) {
            if (h.manifests().startsWith(prefix + "/")) {
                return h.manifests();
            }
        }
        ensureNamespace();
        byte[] gz = gzip(objects);
        int chunks = Math.max(1, (gz.length + CHUNK - 1) / CHUNK);
        for (int i = 0; i < chunks; i++) {
            ObjectNode cm = configMap(prefix + "-" + i, MANIFESTS_LABEL, app);
            cm.with("metadata").with("annotations").put("gitops.jenkins.io/digest", digest);
            byte[] part = Arrays.copyOfRange(gz, i * CHUNK, Math.min(gz.length, (i + 1) * CHUNK));
            cm.with("binaryData").put("manifests.json.gz", Base64.getEncoder().encodeToString(part));
            cluster.apply(configMaps(), cm, fieldManager, true, false);
        }
        return prefix + "/" + chunks;
    }

    public List<ObjectNode> loadManifests(HistoryEntry entry) {
        if (entry.manifests().isEmpty()) {
            throw new SyncException("history entry " + entry.id() + ": its manifests were not stored; render revision " + entry.revision() + " again");
        }
        String prefix = entry.manifests().substring(0, entry.manifests().lastIndexOf('/'));
        int chunks = Integer.parseInt(entry.manifests().substring(entry.manifests().lastIndexOf('/') + 1));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            String n = prefix + "-" + i;
            ObjectNode cm = cluster.get(configMaps(), namespace, n).orElseThrow(() -> new SyncException("ConfigMap/" + namespace + "/" + n
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

    /** Deletes manifest ConfigMaps of this app that no kept history entry refers to. */
    public void collectGarbage(Inventory inv) {
        Set<String> keep = new HashSet<>();
        for (HistoryEntry h : inv.history()) {
            if (!h.manifests().isEmpty()) {
                String prefix = h.manifests().substring(0, h.manifests().lastIndexOf('/'));
                int chunks = Integer.parseInt(h.manifests().substring(h.manifests().lastIndexOf('/') + 1));
                for (int i = 0; i < chunks; i++) {
                    keep.add(prefix + "-" + i);
                }
            }
        }
        for (ObjectNode cm : cluster.list(configMaps(), namespace, MANIFESTS_LABEL + "=" + inv.app())) {
            String n = cm.path("metadata").path("name").asText();
            if (!keep.contains(n)) {
                cluster.delete(configMaps(), namespace, n, "Background");
            }
        }
    }

    private ObjectNode configMap(String name, String label, String app) {
        ObjectNode cm = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode md = cm.putObject("metadata").put("name", name).put("namespace", namespace);
        md.putObject("labels").put(label, app).put("app.kubernetes.io/managed-by", "gitops-jenkins");
        return cm;
    }

    private volatile boolean namespaceReady;

    private void ensureNamespace() {
        if (namespaceReady) {
            return;
        }
        ApiResource ns = cluster.resolver().resolve("v1", "Namespace");
        if (cluster.get(ns, null, namespace).isEmpty()) {
            ObjectNode o = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            o.putObject("metadata").put("name", namespace);
            cluster.apply(ns, o, fieldManager, true, false);
        }
        namespaceReady = true;
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
