package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The unchanged test of a re-sync reads live and desired objects in place; it must answer exactly
 * as comparing the normalized copies does, for every shape normalizing handles.
 */
class NormalizerTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: notebooks.kubeflow.org
              annotations: {controller-gen.kubebuilder.io/version: v0.14.0}
              labels: {app: notebook}
            spec:
              group: kubeflow.org
              names: {kind: Notebook, plural: notebooks}
              scope: Namespaced
              conversion:
                strategy: Webhook
                webhook:
                  clientConfig: {caBundle: Zm9v, service: {name: webhook, namespace: kubeflow, path: /convert}}
                  conversionReviewVersions: [v1]
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              annotations: {kubectl.kubernetes.io/last-applied-configuration: '{}', team: a}
              labels: {app: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{containerPort: 80}]
                    env: [{name: A, value: "1"}]
            """;

    private static final String WEBHOOK = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: {name: inject}
            webhooks:
            - name: a.example.com
              clientConfig: {caBundle: Zm9v, service: {name: hook, namespace: x}}
              sideEffects: None
            - name: b.example.com
              clientConfig: {caBundle: YmFy, url: https://x}
              sideEffects: None
            """;

    private static final String AGGREGATED = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: kubeflow-edit}
            aggregationRule: {clusterRoleSelectors: [{matchLabels: {rbac.kubeflow.org/aggregate-to-kubeflow-edit: "true"}}]}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            """;

    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: shop}
            stringData: {password: hunter2}
            data: {user: YWRtaW4=}
            """;

    private static final List<IgnoreRule> RULES = new ArrayList<>(IgnoreRule.kubeflowDefaults());

    static {
        RULES.add(new IgnoreRule("apps", "Deployment", "", "", List.of("/spec/replicas", "/spec/template/spec/containers/*/image")));
    }

    @Test
    void readingInPlaceAnswersAsComparingNormalizedCopies() throws Exception {
        Random random = new Random(16);
        int agreedTrue = 0;
        int agreedFalse = 0;
        for (List<IgnoreRule> rules : List.of(RULES, List.<IgnoreRule>of(), List.of(new IgnoreRule("apps", "Deployment", "", "",
                List.of("/spec/template/spec/containers/0/image"))), List.of(new IgnoreRule("apps", "Deployment", "", "", List.of("/metadata/labels"))),
                List.of(new IgnoreRule("apps", "Deployment", "", "", List.of("/spec/template/spec/containers/*"))),
                List.of(new IgnoreRule("apps", "Deployment", "", "", List.of("/x", "/spec/selector")), new IgnoreRule("apiextensions.k8s.io",
                        "CustomResourceDefinition", "", "", List.of("/x", "/spec/*/webhook"))))) {
            Normalizer normalizer = new Normalizer(rules, true);
            for (String base : List.of(CRD, DEPLOYMENT, WEBHOOK, AGGREGATED, SECRET)) {
                ObjectNode object = (ObjectNode) YAML.readTree(base);
                ResourceKey key = KubeObject.keyOf(object);
                List<ObjectNode> variants = new ArrayList<>(List.of(object, served(object)));
                for (int i = 0; i < 60; i++) {
                    variants.add(mutate(variants.get(random.nextInt(variants.size())), random));
                }
                for (ObjectNode live : variants) {
                    for (ObjectNode desired : variants) {
                        String liveBefore = live.toString();
                        String desiredBefore = desired.toString();
                        boolean copies = Normalizer.contains(normalizer.normalize(live, key), normalizer.normalize(desired, key));
                        assertThat(normalizer.containsNormalized(live, desired, key)).as("%s with %s:%nlive %s%ndesired %s", key, rules, live, desired)
                                .isEqualTo(copies);
                        assertThat(live.toString()).isEqualTo(liveBefore);
                        assertThat(desired.toString()).isEqualTo(desiredBefore);
                        if (copies) {
                            agreedTrue++;
                        } else {
                            agreedFalse++;
                        }
                    }
                }
            }
        }
        assertThat(agreedTrue).as("pairs found unchanged").isGreaterThan(2_000);
        assertThat(agreedFalse).as("pairs found changed").isGreaterThan(2_000);
    }

    @Test
    void liveAsTheServerHoldsItContainsWhatWasApplied() throws Exception {
        Normalizer normalizer = new Normalizer(IgnoreRule.kubeflowDefaults(), true);
        for (String[] base : List.of(new String[] {CRD, "/metadata/labels"}, new String[] {DEPLOYMENT, "/metadata/labels"},
                new String[] {WEBHOOK, "/webhooks/1"})) {
            ObjectNode desired = (ObjectNode) YAML.readTree(base[0]);
            ResourceKey key = KubeObject.keyOf(desired);
            ObjectNode live = served(desired);
            assertThat(normalizer.containsNormalized(live, desired, key)).as(key.toString()).isTrue();
            ObjectNode drifted = live.deepCopy();
            ((ObjectNode) drifted.at(base[1])).put(base[1].endsWith("labels") ? "app" : "sideEffects", "changed");
            assertThat(normalizer.containsNormalized(drifted, desired, key)).as(key + " with " + base[1] + " changed").isFalse();
        }
        // the CRD's caBundle is ignored (a webhook's certificate is injected at runtime), its other fields are not
        ObjectNode crd = (ObjectNode) YAML.readTree(CRD);
        ObjectNode injected = served(crd);
        ((ObjectNode) injected.at("/spec/conversion/webhook/clientConfig")).put("caBundle", "aW5qZWN0ZWQ=");
        assertThat(normalizer.containsNormalized(injected, crd, KubeObject.keyOf(crd))).isTrue();
        ((ObjectNode) injected.at("/spec/conversion/webhook/clientConfig/service")).put("path", "/other");
        assertThat(normalizer.containsNormalized(injected, crd, KubeObject.keyOf(crd))).isFalse();
    }

    /** The object as a server returns it: its fields, status, managed fields, defaults. */
    private static ObjectNode served(ObjectNode object) {
        ObjectNode o = object.deepCopy();
        ObjectNode md = o.with("metadata");
        md.put("resourceVersion", "42").put("uid", "0b1c").put("generation", 3).put("creationTimestamp", "2026-12-03T00:00:00Z");
        md.putArray("managedFields").addObject().put("manager", "gitops-jenkins").put("operation", "Apply");
        o.putObject("status").put("observedGeneration", 3);
        if (o.path("spec").isObject()) {
            ((ObjectNode) o.get("spec")).put("revisionHistoryLimit", 10);
        }
        return o;
    }

    private static final String[] NAMES = {"status", "apiVersion", "metadata", "annotations", "labels", "kubectl.kubernetes.io/last-applied-configuration",
        "resourceVersion", "managedFields", "spec", "replicas", "caBundle", "image", "rules", "aggregationRule", "stringData", "data", "x"};

    /** A copy with one random change at a random place: a value changed, a field removed or added, a map or list replaced. */
    private static ObjectNode mutate(ObjectNode object, Random random) {
        ObjectNode copy = object.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collect(copy, containers);
        JsonNode at = containers.get(random.nextInt(containers.size()));
        String name = NAMES[random.nextInt(NAMES.length)];
        switch (random.nextInt(6)) {
            case 0 -> {
                if (at instanceof ObjectNode o && o.size() > 0) {
                    o.remove(o.fieldNames().next());
                } else if (at instanceof ArrayNode a && a.size() > 0) {
                    a.remove(0);
                }
            }
            case 1 -> set(at, name, copy.textNode("v" + random.nextInt(3)));
            case 2 -> set(at, name, copy.objectNode().put(NAMES[random.nextInt(NAMES.length)], random.nextInt(2)));
            case 3 -> set(at, name, copy.nullNode());
            case 4 -> set(at, name, copy.arrayNode().add(copy.objectNode().put("image", "nginx")));
            default -> set(at, name, copy.numberNode(random.nextBoolean() ? 2 : 2.0));
        }
        return copy;
    }

    private static void set(JsonNode at, String name, JsonNode value) {
        if (at instanceof ObjectNode o) {
            o.set(name, value);
        } else if (at instanceof ArrayNode a) {
            a.add(value);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.elements().forEachRemaining(c -> collect(c, out));
        }
    }
}
