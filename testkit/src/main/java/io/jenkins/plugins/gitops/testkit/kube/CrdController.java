package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apiextensions part of the apiserver: a CustomResourceDefinition becomes served (and its
 * Established and NamesAccepted conditions True) a short, configurable while after it is
 * written, so an engine that applies custom resources before their CRD is Established fails
 * here the way it fails on a real cluster. Deleting a CRD deletes its custom resources.
 */
final class CrdController extends Controller {

    private static final Pattern VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    private final long establishDelayMillis;
    private final Map<String, Long> established = new ConcurrentHashMap<>();

    CrdController(long establishDelayMillis) {
        this.establishDelayMillis = establishDelayMillis;
    }

    private static boolean isCrd(ResourceType t) {
        return t.group().equals("apiextensions.k8s.io") && t.kind().equals("CustomResourceDefinition");
    }

    @Override
    protected void onEvent(WatchEvent event) {
        if (!isCrd(event.resourceType())) {
            return;
        }
        String name = event.object().path("metadata").path("name").asText();
        if (event.type().equals("DELETED")) {
            established.remove(name);
            later(() -> removeCustomResources(event.object()));
            return;
        }
        long generation = event.object().path("metadata").path("generation").asLong();
        Long done = established.get(name);
        if (done == null || done != generation) {
            established.put(name, generation);
            later(establishDelayMillis, () -> establish(name));
        }
    }

    private void establish(String name) {
        ResourceType crdType = api().types().byKind("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElseThrow();
        ObjectNode crd = api().find(crdType, null, name);
        if (crd == null || crd.path("metadata").path("deletionTimestamp").isTextual()) {
            return;
        }
        ResourceType served = typeOf(crd);
        api().types().register(served);
        ObjectNode status = crd.putObject("status");
        ArrayNode conditions = status.putArray("conditions");
        String now = api().now();
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
                .put("message", "no conflicts found").put("lastTransitionTime", now);
        conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
                .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        ArrayNode stored = status.putArray("storedVersions");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean()) {
                stored.add(v.path("name").asText());
            }
        }
        crd.path("metadata").path("resourceVersion");
        ((ObjectNode) crd.get("metadata")).remove("resourceVersion");
        api().update(crdType, null, name, crd, "status", new WriteOptions("kube-apiserver", false, false, "v1"));
    }

    /** The served type of a CRD, versions ordered by Kubernetes version priority (GA, beta, alpha; higher first). */
    static ResourceType typeOf(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> versions = new ArrayList<>();
        boolean status = false;
        boolean scale = false;
        for (JsonNode v : spec.path("versions")) {
            if (v.path("served").asBoolean(true)) {
                versions.add(v.path("name").asText());
                status |= v.path("subresources").has("status");
                scale |= v.path("subresources").has("scale");
            }
        }
        versions.sort(Comparator.comparing(CrdController::priority));
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
        return new ResourceType(spec.path("group").asText(), versions, names.path("kind").asText(), names.path("plural").asText(),
                !"Cluster".equals(spec.path("scope").asText()), status, scale, shortNames, crd.path("metadata").path("name").asText());
    }

    /** Sort key: v2 before v1 before v1beta2 before v1beta1 before v1alpha1 before anything else (alphabetical). */
    private static String priority(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return "9" + version;
        }
        int major = Integer.parseInt(m.group(1));
        int stage = m.group(2) == null ? 0 : m.group(2).equals("beta") ? 1 : 2;
        int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return String.format("%d%06d%06d", stage, 999_999 - major, 999_999 - minor);
    }

    private void removeCustomResources(JsonNode crd) {
        ResourceType type = typeOf(crd);
        api().types().unregisterCrd(type.crd());
        for (ObjectNode o : api().store().list(type, null)) {
            api().purge(type, o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText());
        }
    }

    /** Admission checks of a CRD write: what kube-apiserver refuses with 422. */
    static void validate(JsonNode crd) {
        String name = crd.path("metadata").path("name").asText("");
        JsonNode spec = crd.path("spec");
        List<String> problems = new ArrayList<>();
        String group = spec.path("group").asText("");
        String plural = spec.path("names").path("plural").asText("");
        if (group.isEmpty()) {
            problems.add("spec.group: Required value");
        }
        if (plural.isEmpty()) {
            problems.add("spec.names.plural: Required value");
        }
        if (spec.path("names").path("kind").asText("").isEmpty()) {
            problems.add("spec.names.kind: Required value");
        }
        if (!List.of("Namespaced", "Cluster").contains(spec.path("scope").asText(""))) {
            problems.add("spec.scope: Unsupported value: \"" + spec.path("scope").asText("") + "\": supported values: \"Cluster\", \"Namespaced\"");
        }
        if (!name.equals(plural + "." + group)) {
            problems.add("metadata.name: Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group");
        }
        int storage = 0;
        for (JsonNode v : spec.path("versions")) {
            storage += v.path("storage").asBoolean() ? 1 : 0;
        }
        if (spec.path("versions").isEmpty()) {
            problems.add("spec.versions: Invalid value: must have at least one version");
        } else if (storage != 1) {
            problems.add("spec.versions: Invalid value: must have exactly one version marked as storage version");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(422, "Invalid", "CustomResourceDefinition.apiextensions.k8s.io \"" + name + "\" is invalid: "
                    + String.join(", ", problems));
        }
    }
}
