package io.jenkins.plugins.gitops.testkit.kube;

import static io.jenkins.plugins.gitops.testkit.kube.TestJson.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrdListSchemaTest {

    private static final JsonNode CRD = yaml("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            spec:
              group: example.com
              versions:
              - name: v1alpha1
                schema:
                  openAPIV3Schema:
                    type: object
              - name: v1
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          steps:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              properties:
                                name: {type: string}
                                args: {type: array, items: {type: string}}
                                ports:
                                  type: array
                                  x-kubernetes-list-type: map
                                  x-kubernetes-list-map-keys: [port, protocol]
                                  items: {type: object}
                          tags:
                            type: array
                            x-kubernetes-list-type: set
                            items: {type: string}
                          plain:
                            type: array
                            items: {type: string}
                          declaredAtomic:
                            type: array
                            x-kubernetes-list-type: atomic
                            items: {type: string}
                          badMap:
                            type: array
                            x-kubernetes-list-type: map
                            items: {type: object}
                          matrix:
                            type: array
                            items:
                              type: array
                              items:
                                type: object
                                properties:
                                  cells: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                          byName:
                            type: object
                            additionalProperties:
                              type: object
                              properties:
                                owners: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                          template:
                            type: object
                            x-kubernetes-embedded-resource: true
                            x-kubernetes-preserve-unknown-fields: true
                          extra:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                      status:
                        type: object
                        properties:
                          conditions:
                            type: array
                            items: {type: object}
                          typedConditions:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [type]
                            items: {type: object}
            """);

    private static List<String> path(String dotted) {
        return Arrays.asList(dotted.split("\\."));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "spec.steps                   | MAP    | name",
        "spec.steps.args              | ATOMIC | ''",
        "spec.steps.ports             | MAP    | port,protocol",
        "spec.tags                    | SET    | ''",
        "spec.plain                   | ATOMIC | ''",
        "spec.declaredAtomic          | ATOMIC | ''",
        "spec.badMap                  | ATOMIC | ''",
        "spec.matrix.cells            | SET    | ''",
        "spec.byName.someKey.owners   | SET    | ''",
        "spec.unknownList             | ATOMIC | ''",
        "spec.extra.items             | ATOMIC | ''",
        "spec.template.metadata.finalizers | SET | ''",
        "spec.template.spec.containers | ATOMIC | ''",
        "status.conditions            | ATOMIC | ''",
        "status.typedConditions       | MAP    | type",
        "metadata.finalizers          | SET    | ''",
        "metadata.ownerReferences     | MAP    | uid",
        "metadata.labels              | ATOMIC | ''",
    })
    void readsListTypesFromTheSchema(String path, ListType.Kind kind, String keys) {
        ListType expected = new ListType(kind, keys.isEmpty() ? List.of() : Arrays.asList(keys.split(",")));
        assertThat(CrdListSchema.forVersion(CRD, "v1").listType(path(path))).isEqualTo(expected);
    }

    @Test
    void withoutSchemaEverythingButMetadataIsAtomic() {
        for (ListSchema schema : List.of(CrdListSchema.forVersion(CRD, "v1alpha1"), CrdListSchema.forVersion(CRD, "v9"),
                new CrdListSchema(null))) {
            assertThat(schema.listType(path("spec.steps"))).isEqualTo(ListType.ATOMIC);
            assertThat(schema.listType(path("status.conditions"))).isEqualTo(ListType.ATOMIC);
            assertThat(schema.listType(path("metadata.finalizers"))).isEqualTo(ListType.SET);
            assertThat(schema.listType(List.of())).isEqualTo(ListType.ATOMIC);
        }
    }

    @Test
    void fallsBackToTheLegacyTopLevelValidation() {
        JsonNode legacy = yaml("""
                spec:
                  validation:
                    openAPIV3Schema:
                      properties:
                        spec:
                          properties:
                            tags: {type: array, x-kubernetes-list-type: set}
                """);
        assertThat(CrdListSchema.forVersion(legacy, "v1").listType(path("spec.tags"))).isEqualTo(ListType.SET);
    }
}
