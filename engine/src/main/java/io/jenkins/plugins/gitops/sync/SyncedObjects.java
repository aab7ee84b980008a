package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceResolver;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a health wait should track. After a sync: the objects the sync left in the cluster
 * (created, configured or unchanged), without hooks (Argo CD does not count hooks in an app's
 * health, and a HookSucceeded hook is gone by then), with the namespace the sync gave them.
 */
public final class SyncedObjects {

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
}
