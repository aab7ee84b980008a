package io.jenkins.plugins.gitops.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AppProjectParserTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = AppProjectParserTest.class.getResourceAsStream("/policy/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheFieldsItEnforcesAndAcceptsRolesAndDescription() throws IOException {
        AppProject p = AppProjectParser.parse(resource("ml-project.yaml"), "ml-project.yaml");
        assertThat(p.name()).isEqualTo("ml");
        assertThat(p.sourceRepos()).containsExactly("https://git.example.com/ml/*", "!https://git.example.com/ml/secrets");
        assertThat(p.destinations()).containsExactly(new DestinationRule("*", "", "ml-*"), new DestinationRule("*", "", "!ml-prod"));
        assertThat(p.clusterResourceWhitelist()).containsExactly(new KindRule("", "Namespace"));
        assertThat(p.clusterResourceBlacklist()).isEmpty();
        assertThat(p.namespaceResourceWhitelist()).isEmpty();
        assertThat(p.namespaceResourceBlacklist()).containsExactly(new KindRule("", "ResourceQuota"), new KindRule("", "LimitRange"));
        assertThat(p.sourcePermitted("https://git.example.com/ml/pipelines.git")).isTrue();
        assertThat(p.sourcePermitted("https://git.example.com/ml/secrets.git")).isFalse();
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "ml-train")).isTrue();
        assertThat(p.destinationPermitted("https://kubernetes.default.svc", "", "ml-prod")).isFalse();
    }

    @Test
    void anEmptyNamespaceWhitelistIsKeptApartFromAnAbsentOne() {
        AppProject p = AppProjectParser.parse("""
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: locked}
                spec:
                  namespaceResourceWhitelist: []
                """, "locked.yaml");
        assertThat(p.namespaceResourceWhitelist()).isEqualTo(Optional.of(List.of()));
        assertThat(p.kindPermitted("", "ConfigMap", "c", true)).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "'spec: {destinations: [{server: \"*\", namespace: a}, {server: \"*\", namespace: 7}]}'|p.yaml: spec.destinations[1].namespace: expected a string",
        "'spec: {destinations: [{namespace: a}]}'|p.yaml: spec.destinations[0]: give server or name",
        "'spec: {destinations: [{server: \"*\", namespace: a, cluster: x}]}'|p.yaml: spec.destinations[0].cluster: unknown field",
        "'spec: {destinations: {server: x}}'|p.yaml: spec.destinations: expected a list",
        "'spec: {clusterResourceWhitelist: [{group: \"\"}]}'|p.yaml: spec.clusterResourceWhitelist[0].kind is required",
        "'spec: {namespaceResourceBlacklist: [{group: \"\", kind: Secret, name: x}]}'|p.yaml: spec.namespaceResourceBlacklist[0].name: unknown field",
        "'spec: {sourceRepos: [https://a/*, 3]}'|p.yaml: spec.sourceRepos[1]: expected a string",
        "'spec: {syncWindows: [{kind: deny, schedule: \"* * * * *\", duration: 1h}]}'|p.yaml: spec.syncWindows is not supported",
        "'spec: {permitOnlyProjectScopedClusters: true}'|p.yaml: spec.permitOnlyProjectScopedClusters is not supported",
        "'spec: {destinations: [{server: \"*\", namespace: \"ml-[\"}]}'|p.yaml: spec.destinations[0]: pattern 'ml-[': '[' at 3 is not closed",
        "'spec: 3'|p.yaml: spec: expected a mapping",
    })
    void errorsNameTheFileAndTheField(String spec, String message) {
        String yaml = "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\n" + spec + "\n";
        assertThatThrownBy(() -> AppProjectParser.parse(yaml, "p.yaml")).isInstanceOf(PolicyException.class).hasMessageStartingWith(message);
    }

    @Test
    void aFileMustHoldOneAppProjectAndNothingElse() {
        assertThatThrownBy(() -> AppProjectParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n", "p.yaml"))
                .hasMessage("p.yaml: ConfigMap/x/c is not an Argo CD AppProject (apiVersion argoproj.io/v1alpha1, kind AppProject)");
        String one = "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: a}\nspec: {}\n";
        assertThatThrownBy(() -> AppProjectParser.parse(one + "---\n" + one.replace("name: a", "name: b"), "p.yaml"))
                .hasMessage("p.yaml: expected one AppProject, found 2");
        assertThatThrownBy(() -> AppProjectParser.parse("", "p.yaml")).hasMessageContaining("p.yaml");
    }
}
