package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.testkit.kube.Controller;
import io.jenkins.plugins.gitops.testkit.kube.WatchEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Test helper: the emulator's committed changes of an app's objects as the store orders them
 * (a controller sees every event in commit order), so a test can say what was created, or began
 * to be deleted, before what. Resource versions cannot say it: status updates move them.
 */
final class EventRecorder extends Controller {

    /** One object's first creation or the start of its deletion, as {@code Kind/name}. */
    private final List<String> created = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final Set<String> deleting = new HashSet<>();
    private final String app;

    EventRecorder(String app) {
        this.app = app;
    }

    @Override
    protected void onEvent(WatchEvent e) {
        JsonNode md = e.object().path("metadata");
        if (!app.equals(md.path("labels").path("gitops.jenkins.io/app").asText())) {
            return;
        }
        String id = e.object().path("kind").asText(e.resourceType().kind()) + "/" + md.path("name").asText();
        synchronized (this) {
            if (e.type().equals("ADDED")) {
                created.add(id);
                deleting.remove(id);
            } else if ((e.type().equals("DELETED") || md.has("deletionTimestamp")) && deleting.add(id)) {
                deleted.add(id);
            }
        }
    }

    synchronized List<String> created() {
        return List.copyOf(created);
    }

    synchronized List<String> deleted() {
        return List.copyOf(deleted);
    }

    /** The kinds of the ids in order, each run of one kind once: [ConfigMap, Service, Deployment]. */
    static List<String> kindRuns(List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String kind = id.substring(0, id.indexOf('/'));
            if (out.isEmpty() || !out.get(out.size() - 1).equals(kind)) {
                out.add(kind);
            }
        }
        return out;
    }
}
