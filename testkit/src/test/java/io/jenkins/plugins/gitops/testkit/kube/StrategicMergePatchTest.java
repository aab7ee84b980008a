package io.jenkins.plugins.gitops.testkit.kube;

import static io.jenkins.plugins.gitops.testkit.kube.TestJson.json;
import static io.jenkins.plugins.gitops.testkit.kube.TestJson.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrategicMergePatchTest {

    private static final JsonNode DEPLOYMENT = yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web, tier: front}
              finalizers: [example.com/a, example.com/b]
            spec:
              replicas: 2
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1}
              template:
                spec:
                  containers:
                  - name: app
                    image: app:1
                    args: [--a, --b]
                    env:
                    - {name: A, value: "1"}
                    ports:
                    - {containerPort: 8080, name: http}
                  - name: sidecar
                    image: proxy:1
                  volumes:
                  - name: data
                    emptyDir: {}
            """);

    private static final ListSchema DEPLOYMENTS = BuiltinListSchema.forKind("apps", "Deployment");

    /** Applies a YAML patch to the Deployment and checks the invariants every strategic merge must keep. */
    private static JsonNode patchDeployment(String patchYaml) {
        return apply(DEPLOYMENT, yaml(patchYaml), DEPLOYMENTS);
    }

    private static JsonNode apply(JsonNode target, JsonNode patch, ListSchema schema) {
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = patch.deepCopy();
        JsonNode result = Patches.strategicMergePatch(target, patch, schema);
        assertThat(target).as("target untouched").isEqualTo(targetBefore);
        assertThat(patch).as("patch untouched").isEqualTo(patchBefore);
        assertThat(TestJson.findDirective(result)).as("directive leaked into the result").isNull();
        return result;
    }

    private static JsonNode containers(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers");
    }

    @Test
    void updatesOneContainerImageByNameWithoutTouchingTheOther() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        image: app:2
                """);
        assertThat(containers(result)).hasSize(2);
        assertThat(containers(result).get(0)).isEqualTo(yaml("""
                name: app
                image: app:2
                args: [--a, --b]
                env:
                - {name: A, value: "1"}
                ports:
                - {containerPort: 8080, name: http}
                """));
        assertThat(containers(result).get(1)).isEqualTo(containers(DEPLOYMENT).get(1));
        assertThat(result.at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void addsAnEnvVar() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        env:
                        - {name: B, value: "2"}
                """);
        assertThat(containers(result).get(0).get("env")).isEqualTo(yaml("""
                - {name: A, value: "1"}
                - {name: B, value: "2"}
                """));
        assertThat(containers(result).get(0).get("image").asText()).isEqualTo("app:1");
    }

    @Test
    void deletesAContainerWithPatchDelete() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - {name: sidecar, $patch: delete}
                """);
        assertThat(containers(result)).hasSize(1);
        assertThat(containers(result).get(0).get("name").asText()).isEqualTo("app");
    }

    @Test
    void replacesTheAtomicArgsList() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        args: [--c]
                """);
        assertThat(containers(result).get(0).get("args")).isEqualTo(yaml("[--c]"));
    }

    @Test
    void nullDeletesAKeyAndNestedMapsMerge() {
        JsonNode result = patchDeployment("""
                metadata:
                  labels: {tier: null, owner: team-a}
                spec:
                  replicas: null
                """);
        assertThat(result.at("/metadata/labels")).isEqualTo(yaml("{app: web, owner: team-a}"));
        assertThat(result.at("/spec").has("replicas")).isFalse();
        assertThat(result.at("/spec/strategy")).isEqualTo(DEPLOYMENT.at("/spec/strategy"));
    }

    @Test
    void patchReplaceOnAMapReplacesIt() {
        JsonNode result = patchDeployment("""
                metadata:
                  labels: {$patch: replace, only: this}
                """);
        assertThat(result.at("/metadata/labels")).isEqualTo(yaml("{only: this}"));
    }

    @Test
    void patchDeleteOnAMapEmptiesIt() {
        JsonNode result = patchDeployment("""
                metadata:
                  labels: {$patch: delete}
                """);
        assertThat(result.at("/metadata/labels")).isEqualTo(json("{}"));
    }

    @Test
    void patchReplaceAsAListItemReplacesTheWholeList() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - $patch: replace
                      - {name: only, image: only:1}
                """);
        assertThat(containers(result)).isEqualTo(yaml("[{name: only, image: only:1}]"));
    }

    @Test
    void patchReplaceNextToAKeyReplacesJustThatItem() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - {name: app, image: app:3, $patch: replace}
                """);
        assertThat(containers(result).get(0)).isEqualTo(yaml("{name: app, image: app:3}"));
        assertThat(containers(result).get(1)).isEqualTo(containers(DEPLOYMENT).get(1));
    }

    @Test
    void newItemsAreAppendedInPatchOrder() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - {name: z, image: z:1}
                      - {name: app, image: app:2}
                      - {name: y, image: y:1}
                """);
        assertThat(containers(result)).extracting(c -> c.get("name").asText()).containsExactly("app", "sidecar", "z", "y");
    }

    @Test
    void portsMatchWhenOnlyOneSideSpellsTheDefaultProtocol() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        ports:
                        - {containerPort: 8080, protocol: TCP, hostPort: 80}
                        - {containerPort: 8080, protocol: UDP}
                """);
        assertThat(containers(result).get(0).get("ports")).isEqualTo(yaml("""
                - {containerPort: 8080, name: http, protocol: TCP, hostPort: 80}
                - {containerPort: 8080, protocol: UDP}
                """));
    }

    @Test
    void setListsUnionAndDeleteFromPrimitiveListRemoves() {
        JsonNode result = patchDeployment("""
                metadata:
                  finalizers: [example.com/b, example.com/c]
                  $deleteFromPrimitiveList/finalizers: [example.com/a, example.com/unknown]
                """);
        assertThat(result.at("/metadata/finalizers")).isEqualTo(yaml("[example.com/b, example.com/c]"));
    }

    @Test
    void setElementOrderReordersAndToleratesUnknownEntries() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    spec:
                      $setElementOrder/containers: [{name: sidecar}, {name: ghost}, {name: app}]
                      containers:
                      - {name: app, image: app:2}
                """);
        assertThat(containers(result)).extracting(c -> c.get("name").asText()).containsExactly("sidecar", "app");
        assertThat(containers(result).get(1).get("image").asText()).isEqualTo("app:2");
    }

    @Test
    void setElementOrderLeavesUnnamedItemsInTheirSlots() {
        JsonNode target = json("{'finalizers':['a','b','c','d']}");
        JsonNode result = apply(target, json("{'$setElementOrder/finalizers':['d','b']}"), BuiltinListSchema.forKind("", "X"));
        // "b" and "d" swap within their slots (1 and 3); "a" and "c" stay put.
        assertThat(result.get("finalizers")).isEqualTo(json("['a','d','c','b']"));
    }

    @Test
    void retainKeysClearsFieldsNotListed() {
        JsonNode result = patchDeployment("""
                spec:
                  strategy:
                    $retainKeys: [type]
                    type: Recreate
                """);
        assertThat(result.at("/spec/strategy")).isEqualTo(yaml("{type: Recreate}"));
    }

    @Test
    void directivesInsideNewSubtreesDoNotLeak() {
        JsonNode result = patchDeployment("""
                spec:
                  template:
                    metadata:
                      labels: {$patch: replace, app: web}
                      finalizers: [x]
                      $deleteFromPrimitiveList/finalizers: [y]
                    spec:
                      containers:
                      - name: new
                        $setElementOrder/env: [{name: X}]
                        env:
                        - {name: X, value: "1", $patch: merge}
                """);
        assertThat(result.at("/spec/template/metadata")).isEqualTo(yaml("{labels: {app: web}, finalizers: [x]}"));
        assertThat(containers(result).get(2)).isEqualTo(yaml("{name: new, env: [{name: X, value: '1'}]}"));
    }

    @Test
    void topLevelPatchDeleteEmptiesTheObject() {
        assertThat(patchDeployment("$patch: delete")).isEqualTo(json("{}"));
    }

    @Test
    void missingTargetStartsFromAnEmptyObject() {
        assertThat(Patches.strategicMergePatch(null, json("{'a':{'b':[1]}}"), ListSchema.ALL_ATOMIC)).isEqualTo(json("{'a':{'b':[1]}}"));
    }

    @Test
    void customResourcesFollowTheirCrdSchema() {
        ListSchema schema = new CrdListSchema(yaml("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      steps:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name]
                        items: {type: object}
                      hosts:
                        type: array
                        items: {type: string}
                  status:
                    type: object
                    properties:
                      conditions: {type: array, items: {type: object}}
                """));
        JsonNode cr = yaml("""
                apiVersion: example.com/v1
                kind: Pipeline
                metadata: {name: p, finalizers: [a]}
                spec:
                  steps: [{name: build, image: b:1}, {name: test, image: t:1}]
                  hosts: [a, b]
                status:
                  conditions: [{type: Ready, status: "False"}, {type: Synced, status: "True"}]
                """);
        JsonNode result = apply(cr, yaml("""
                metadata: {finalizers: [b]}
                spec:
                  steps: [{name: test, image: t:2}]
                  hosts: [c]
                status:
                  conditions: [{type: Ready, status: "True"}]
                """), schema);
        assertThat(result.at("/spec/steps")).isEqualTo(yaml("[{name: build, image: b:1}, {name: test, image: t:2}]"));
        assertThat(result.at("/spec/hosts")).isEqualTo(yaml("[c]"));
        // Conditions are atomic when the schema does not say otherwise, as on a real API server.
        assertThat(result.at("/status/conditions")).isEqualTo(yaml("[{type: Ready, status: 'True'}]"));
        assertThat(result.at("/metadata/finalizers")).isEqualTo(yaml("[a, b]"));
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}",
                        "strategic merge patch at spec.template.spec.containers: list item {\"image\":\"x\"} lacks merge key name"),
                Arguments.of("{'spec':{'template':{'spec':{'containers':[{'$patch':'delete'}]}}}}",
                        "at spec.template.spec.containers: list item {\"$patch\":\"delete\"} lacks merge key name"),
                Arguments.of("{'spec':{'template':{'spec':{'containers':['app']}}}}",
                        "at spec.template.spec.containers: items of a list keyed by [name] must be objects"),
                Arguments.of("{'spec':{'template':{'spec':{'containers':[{'name':'app','args':[{'$patch':'delete','x':1}]}]}}}}",
                        "at spec.template.spec.containers.args: $patch directives in list items need a map list, but this list is ATOMIC"),
                Arguments.of("{'metadata':{'labels':{'$patch':'explode'}}}",
                        "at metadata.labels: unknown $patch directive \"explode\""),
                Arguments.of("{'metadata':{'labels':{'$patch':1}}}", "at metadata.labels: $patch must be a string"),
                Arguments.of("{'spec':{'strategy':{'$retainKeys':'type'}}}", "at spec.strategy: $retainKeys must be a list of field names"),
                Arguments.of("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}",
                        "at metadata.finalizers: $deleteFromPrimitiveList/finalizers must be a list"),
                Arguments.of("{'spec':{'$setElementOrder/x':{}}}", "at spec.x: $setElementOrder/x must be a list"),
                Arguments.of("['not','an','object']", "strategic merge patch: the patch must be an object, got ARRAY"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bad")
    void rejectsBadPatchesNamingThePath(String patch, String message) {
        assertThatThrownBy(() -> Patches.strategicMergePatch(DEPLOYMENT, json(patch), DEPLOYMENTS))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsANonObjectTarget() {
        assertThatThrownBy(() -> Patches.strategicMergePatch(json("[1]"), json("{}"), DEPLOYMENTS))
                .isInstanceOf(PatchException.class).hasMessageContaining("the target must be an object, got ARRAY");
    }
}
