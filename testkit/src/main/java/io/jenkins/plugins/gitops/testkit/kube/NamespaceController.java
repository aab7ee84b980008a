package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Finishes the deletion of a Namespace: deletes everything in it, then the Namespace itself,
 * while the Namespace stays visible as Terminating, as on a real cluster.
 */
final class NamespaceController extends Controller {

    @Override
    protected void onEvent(WatchEvent event) {
        ResourceType t = event.resourceType();
        if (t.group().isEmpty() && t.kind().equals("Namespace") && !event.type().equals("DELETED")
                && event.object().path("metadata").path("deletionTimestamp").isTextual()) {
            String ns = event.object().path("metadata").path("name").asText();
            later(() -> finish(t, ns));
        }
    }

    private void finish(ResourceType nsType, String namespace) {
        for (ResourceType type : api().servedTypes()) {
            if (!type.namespaced()) {
                continue;
            }
            for (ObjectNode o : api().store().list(type, namespace)) {
                api().purge(type, namespace, o.path("metadata").path("name").asText());
            }
        }
        api().purge(nsType, "", namespace);
    }
}
