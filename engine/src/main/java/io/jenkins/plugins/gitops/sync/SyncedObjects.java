package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a health wait after a sync should track: the objects the sync left in the cluster
 * (created, configured or unchanged), without hooks (Argo CD does not count hooks in an app's
 * health, and a HookSucceeded hook is gone by then), with the namespace the sync gave them.
 */
public final class SyncedObjects {

    private SyncedObjects() {
    }

    public static List<KubeObject> of(SyncResult result, RenderedSet desired) {
        Map<String, KubeObject> byName = new HashMap<>();
        for (KubeObject o : desired.kubeObjects()) {
            byName.put(o.group() + "/" + o.kind() + "/" + o.namespace() + "/" + o.name(), o);
            byName.putIfAbsent(o.group() + "/" + o.kind() + "//" + o.name(), o);
        }
        List<KubeObject> out = new ArrayList<>();
        for (ObjectResult r : result.objects()) {
            if (r.hook() || r.action() == Action.PRUNED || r.action() == Action.FAILED || r.action() == Action.SKIPPED) {
                continue;
            }
            ResourceKey k = r.key();
            KubeObject o = byName.get(k.group() + "/" + k.kind() + "/" + k.namespace() + "/" + k.name());
            if (o == null) {
                o = byName.get(k.group() + "/" + k.kind() + "//" + k.name());
                if (o == null) {
                    continue;
                }
                var json = o.json();
                json.withObjectProperty("metadata").put("namespace", k.namespace());
                o = KubeObject.of(json);
            }
            out.add(o);
        }
        return out;
    }
}
