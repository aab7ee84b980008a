package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceResolver;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a health wait should track: the one place that decides it, for the sync's waits, the CLI
 * and the Jenkins steps. After a sync: the objects the sync left in the cluster (created,
 * configured or unchanged), without hooks (Argo CD does not count hooks in an app's health, and a
 * HookSucceeded hook is gone by then), with the namespace the sync gave them. For manifests: the
 * same, scoped as the server scopes their kinds. For an app alone: its inventory ({@link #ofApp}).
 */
public final class SyncedObjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncedObjects() {
    }

    public static List<KubeObject> of(SyncResult result, RenderedSet desired, ResourceResolver resolver, String defaultNamespace) {
        // the result names objects as rendered; scope them as the server does, then keep what the sync left live
        java.util.Set<String> live = new java.util.HashSet<>();
        for (ObjectResult r : result.objects()) {
            if (!r.hook() && (r.action() == Action.CREATED || r.action() == Action.CONFIGURED || r.action() == Action.UNCHANGED)) {
                live.add(r.key().group() + "/" + r.key().kind() + "/" + r.key().name());
            }
        }
        List<KubeObject> out = new ArrayList<>();
        for (KubeObject o : of(desired, resolver, defaultNamespace)) {
            if (live.contains(o.group() + "/" + o.kind() + "/" + o.name())) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * What a wait should track for a set of manifests without a sync result at hand (a wait in a
     * later step or command): no hooks, namespaces as the server scopes the kinds (kustomize sets a
     * namespace on cluster-scoped custom resources too), the default for namespaced objects that
     * name none. Kinds the server does not know are kept as they are: the wait reports them Missing.
     */
    public static List<KubeObject> of(RenderedSet desired, ResourceResolver resolver, String defaultNamespace) {
        List<KubeObject> out = new ArrayList<>();
        for (KubeObject o : desired.kubeObjects()) {
            if (Annotations.isHook(o)) {
                continue;
            }
            Optional<ApiResource> r = resolver.find(o.apiVersion(), o.kind());
            if (r.isEmpty()) {
                out.add(o);
                continue;
            }
            String ns = r.get().namespaced() ? (o.namespace().isEmpty() ? defaultNamespace : o.namespace()) : "";
            if (ns.equals(o.namespace())) {
                out.add(o);
            } else {
                var json = o.json();
                if (ns.isEmpty()) {
                    json.withObjectProperty("metadata").remove("namespace");
                } else {
                    json.withObjectProperty("metadata").put("namespace", ns);
                }
                out.add(KubeObject.of(json));
            }
        }
        return out;
    }

    /**
     * What a wait for an app names by itself should track, when no manifests say it: every object
     * of the app's inventory, of every kind (what its last sync left in the cluster, hooks
     * excluded). With a selector of the caller's own, or without an inventory (an app synced by
     * something else), every object the selector matches, of every kind the server lists and
     * watches that may have a health (built-in kinds without a rule, such as ConfigMaps and
     * Secrets, are not listed). Nothing found is an error that says where it looked.
     *
     * @param inventoryNamespace where the app's inventory lives; null or "" for {@link Defaults#INVENTORY_NAMESPACE}, as a sync's
     * @param selector the label selector of the wait, or "" for the app's label
     */
    public static List<KubeObject> ofApp(Cluster cluster, String app, String inventoryNamespace, String selector, HealthAssessor health) {
        // a step left blank waits where a sync left blank wrote
        inventoryNamespace = inventoryNamespace == null || inventoryNamespace.isBlank() ? Defaults.INVENTORY_NAMESPACE : inventoryNamespace.strip();
        String appSelector = Tracking.APP_LABEL + "=" + app;
        boolean own = selector == null || selector.isBlank() || selector.strip().equals(appSelector);
        String scope = own ? appSelector : selector.strip();
        List<KubeObject> out = new ArrayList<>();
        String inventory = "ConfigMap/" + inventoryNamespace + "/" + InventoryStore.name(app);
        if (own) {
            for (InventoryEntry e : new InventoryStore(cluster, inventoryNamespace, Cluster.DEFAULT_FIELD_MANAGER).load(app).objects()) {
                out.add(stub(e.apiVersion(), e.key().kind(), e.key().namespace(), e.key().name()));
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        List<String> unreadable = new ArrayList<>();
        for (ApiResource r : cluster.resolver().listable()) {
            if (!health.mayHaveHealth(r.group(), r.kind())) {
                continue;
            }
            try {
                for (ObjectNode o : cluster.list(r, null, scope)) {
                    KubeObject k = KubeObject.of(o);
                    out.add(stub(r.apiVersion(), r.kind(), k.namespace(), k.name()));
                }
            } catch (KubeApiException e) {
                if (e.code() != 403 && e.code() != 404 && e.code() != 405) {
                    throw e;
                }
                unreadable.add(r.kind() + "." + r.group() + " (" + e.code() + ")"); // not ours to list: said below when nothing is found
            }
        }
        if (out.isEmpty()) {
            throw new SyncException("app " + app + ": nothing to wait for: " + (own ? "no inventory " + inventory + " (the app was not synced "
                    + "by this tool, or another inventory namespace holds it), and " : "") + "no object of any kind with a health matches '"
                    + scope + "'" + (unreadable.isEmpty() ? "" : " (not listable: " + String.join(", ", unreadable) + ")")
                    + "; give the manifests to say what to wait for");
        }
        return out;
    }

    private static KubeObject stub(String apiVersion, String kind, String namespace, String name) {
        ObjectNode o = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode md = o.putObject("metadata").put("name", name);
        if (!namespace.isEmpty()) {
            md.put("namespace", namespace);
        }
        return KubeObject.of(o);
    }
}
