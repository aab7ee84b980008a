package io.jenkins.plugins.gitops.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void roundTripsAndNormalizesDockerHub() {
        for (String s : List.of("nginx", "nginx:1.27", "bitnami/redis:7.2", "ghcr.io/acme/app:v1", "localhost:5000/x/y:1",
                "127.0.0.1:5000/app@" + DIGEST, "quay.io/org/app:1.0@" + DIGEST, "registry.example.com:8443/a/b/c:latest")) {
            assertThat(ImageReference.parse(s).toString()).as(s).isEqualTo(s);
            assertThat(ImageReference.parse(ImageReference.parse(s).toString())).isEqualTo(ImageReference.parse(s));
        }
        ImageReference n = ImageReference.parse("docker.io/library/nginx:1");
        assertThat(n.registry()).isEqualTo("docker.io");
        assertThat(n.repository()).isEqualTo("library/nginx");
        assertThat(n.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(n.toString()).isEqualTo("nginx:1");
        assertThat(ImageReference.parse("index.docker.io/nginx")).isEqualTo(ImageReference.parse("nginx"));
        assertThat(ImageReference.parse("nginx").sameImage(ImageReference.parse("docker.io/library/nginx:2"))).isTrue();
    }

    @Test
    void withTagAndDigestReturnNewValues() {
        ImageReference r = ImageReference.parse("ghcr.io/acme/app:1.0");
        assertThat(r.withTag("2.0").toString()).isEqualTo("ghcr.io/acme/app:2.0");
        assertThat(r.withDigest(DIGEST).toString()).isEqualTo("ghcr.io/acme/app:1.0@" + DIGEST);
        assertThat(r.tag()).contains("1.0");
        assertThat(r.digest()).isEmpty();
        assertThat(ImageReference.writtenName("docker.io/nginx:1@" + DIGEST)).isEqualTo("docker.io/nginx");
        assertThat(ImageReference.writtenName("localhost:5000/app")).isEqualTo("localhost:5000/app");
    }

    @Test
    void errorsNameTheInput() {
        for (String bad : List.of("", "Nginx", "nginx:", "nginx:-x", "app@sha256:xyz", "a//b", "ghcr.io/UPPER/x")) {
            assertThatThrownBy(() -> ImageReference.parse(bad)).as(bad).isInstanceOf(ImageUpdateException.class)
                    .hasMessageStartingWith("image reference '" + bad + "'");
        }
    }
}
