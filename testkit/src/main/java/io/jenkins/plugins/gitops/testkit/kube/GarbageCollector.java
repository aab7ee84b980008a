package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * ownerReference garbage collection with the three propagation policies: Background (owner gone,
 * dependents deleted after), Foreground (owner kept with the {@code foregroundDeletion}
 * finalizer until its dependents are gone) and Orphan (dependents lose the ownerReference).
 */
final class GarbageCollector extends Controller {

    private record Dependent(ResourceType type, ObjectNode object) {
    }

    @Override
    protected void onEvent(WatchEvent event) {
        JsonNode md = event.object().path("metadata");
        String uid = md.path("uid").asText("");
        if (event.type().equals("DELETED")) {
            later(() -> deleteDependents(uid));
        } else if (md.path("deletionTimestamp").isTextual()) {
            if (hasFinalizer(md, "orphan")) {
                later(() -> orphan(event.resourceType(), md.path("namespace").asText(""), md.path("name").asText(), uid));
            } else if (hasFinalizer(md, "foregroundDeletion")) {
                later(() -> foreground(event.resourceType(), md.path("namespace").asText(""), md.path("name").asText(), uid));
            }
        } else if (md.has("ownerReferences")) {
            // a dependent created after its owner vanished is collected too
            later(() -> collectIfOrphaned(event.resourceType(), event.object()));
        }
    }

    private static boolean hasFinalizer(JsonNode md, String finalizer) {
        for (JsonNode f : md.path("finalizers")) {
            if (f.asText().equals(finalizer)) {
                return true;
            }
        }
        return false;
    }

    private List<Dependent> dependents(String uid) {
        List<Dependent> out = new ArrayList<>();
        api().store().lock().lock();
        try {
            for (ResourceType type : api().servedTypes()) {
                for (ObjectNode o : api().store().list(type, null)) {
                    for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
                        if (ref.path("uid").asText().equals(uid)) {
                            out.add(new Dependent(type, o.deepCopy()));
                            break;
                        }
                    }
                }
            }
        } finally {
            api().store().lock().unlock();
        }
        return out;
    }

    private void deleteDependents(String uid) {
        for (Dependent d : dependents(uid)) {
            JsonNode md = d.object().path("metadata");
            if (md.path("deletionTimestamp").isTextual()) {
                continue;
            }
            try {
                api().delete(d.type(), md.path("namespace").asText(""), md.path("name").asText(), DeleteOptions.background(), false, null);
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    private void foreground(ResourceType type, String namespace, String name, String uid) {
        List<Dependent> deps = dependents(uid);
        if (!deps.isEmpty()) {
            deleteDependents(uid);
            // dependents with finalizers may take a while: look again when they are gone
            later(50, () -> foreground(type, namespace, name, uid));
            return;
        }
        removeFinalizer(type, namespace, name, "foregroundDeletion");
    }

    private void orphan(ResourceType type, String namespace, String name, String uid) {
        for (Dependent d : dependents(uid)) {
            ObjectNode o = d.object();
            ArrayNode refs = (ArrayNode) o.path("metadata").path("ownerReferences");
            for (int i = refs.size() - 1; i >= 0; i--) {
                if (refs.get(i).path("uid").asText().equals(uid)) {
                    refs.remove(i);
                }
            }
            ((ObjectNode) o.get("metadata")).remove("resourceVersion");
            api().update(d.type(), o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText(), o, null,
                    new WriteOptions("garbage-collector", false, false, d.type().preferredVersion()));
        }
        removeFinalizer(type, namespace, name, "orphan");
    }

    private void removeFinalizer(ResourceType type, String namespace, String name, String finalizer) {
        ObjectNode o = api().find(type, namespace, name);
        if (o == null) {
            return;
        }
        ArrayNode fins = (ArrayNode) o.path("metadata").path("finalizers");
        for (int i = fins.size() - 1; i >= 0; i--) {
            if (fins.get(i).asText().equals(finalizer)) {
                fins.remove(i);
            }
        }
        ((ObjectNode) o.get("metadata")).remove("resourceVersion");
        api().update(type, namespace, name, o, null, new WriteOptions("garbage-collector", false, false, type.preferredVersion()));
    }

    private void collectIfOrphaned(ResourceType type, ObjectNode object) {
        JsonNode refs = object.path("metadata").path("ownerReferences");
        if (refs.isEmpty()) {
            return;
        }
        for (JsonNode ref : refs) {
            if (ownerExists(ref.path("uid").asText())) {
                return;
            }
        }
        JsonNode md = object.path("metadata");
        try {
            api().delete(type, md.path("namespace").asText(""), md.path("name").asText(), DeleteOptions.background(), false, null);
        } catch (ApiException e) {
            // already gone
        }
    }

    private boolean ownerExists(String uid) {
        api().store().lock().lock();
        try {
            for (ResourceType type : api().servedTypes()) {
                for (ObjectNode o : api().store().list(type, null)) {
                    if (o.path("metadata").path("uid").asText().equals(uid)) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            api().store().lock().unlock();
        }
    }
}
