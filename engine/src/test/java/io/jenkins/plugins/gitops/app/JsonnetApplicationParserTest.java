package io.jenkins.plugins.gitops.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.render.JsonnetOptions;
import io.jenkins.plugins.gitops.render.RenderSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argo CD's {@code spec.source.directory.jsonnet} reaches the folder renderer. */
class JsonnetApplicationParserTest {

    @Test
    void extVarsTlasAndLibsAreRead() {
        App app = ApplicationParser.parse(ApplicationParserTest.app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: guestbook}
                spec:
                  source:
                    repoURL: https://git.example/apps.git
                    path: jsonnet-guestbook-tla
                    directory:
                      recurse: true
                      jsonnet:
                        extVars:
                        - {name: env, value: prod}
                        - {name: n, value: "3", code: true}
                        tlas:
                        - {name: name, value: tla-ui}
                        - {name: replicas, value: "2", code: true}
                        libs: [vendor, lib/k8s]
                  destination: {server: "https://kubernetes.default.svc", namespace: default}
                """));

        RenderSpec spec = app.sources().get(0).spec();
        assertThat(spec.tool()).isEqualTo(RenderSpec.Tool.DIRECTORY);
        assertThat(spec.directory().recurse()).isTrue();
        assertThat(spec.directory().jsonnet()).isEqualTo(new JsonnetOptions(Map.of("env", "prod"), Map.of("n", "3"),
                Map.of("name", "tla-ui"), Map.of("replicas", "2"), List.of("vendor", "lib/k8s")));
    }

    @Test
    void unknownJsonnetFieldsAreErrors() {
        assertThatThrownBy(() -> ApplicationParser.parse(ApplicationParserTest.app("""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: g}
                spec:
                  source:
                    repoURL: https://git.example/apps.git
                    path: x
                    directory:
                      jsonnet:
                        tlas: [{name: a, value: b, secret: true}]
                  destination: {server: "https://kubernetes.default.svc", namespace: default}
                """))).isInstanceOf(AppException.class).hasMessageContaining("directory.jsonnet.tlas[0].secret is not supported");
    }
}
