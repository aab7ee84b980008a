package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated validating admission webhooks of an emulator, asked in order after the
 * built-in validation (so a 422 Invalid comes first, as on a real server) for writes to main
 * resources; subresources such as status are not reviewed.
 */
public final class Admission {

    private final List<AdmissionRule> rules = new CopyOnWriteArrayList<>();

    public Admission add(AdmissionRule rule) {
        rules.add(rule);
        return this;
    }

    public boolean remove(AdmissionRule rule) {
        return rules.remove(rule);
    }

    public void clear() {
        rules.clear();
    }

    public List<AdmissionRule> rules() {
        return List.copyOf(rules);
    }

    void review(ResourceType type, ObjectNode object, ObjectNode oldObject, boolean dryRun) {
        if (rules.isEmpty()) {
            return;
        }
        String apiVersion = object.path("apiVersion").asText("");
        AdmissionRequest req = new AdmissionRequest(oldObject == null ? "CREATE" : "UPDATE", type.group(),
                apiVersion.substring(apiVersion.indexOf('/') + 1), type.kind(), object.path("metadata").path("namespace").asText(""),
                object.path("metadata").path("name").asText(""), object.deepCopy(), oldObject == null ? null : oldObject.deepCopy(), dryRun);
        for (AdmissionRule r : rules) {
            Optional<String> denied = r.review().apply(req);
            if (denied.isPresent()) {
                throw r.denial(denied.get());
            }
        }
    }
}
