package io.jenkins.plugins.gitops.registry;

import com.fasterxml.jackson.databind.JsonNode;

/** A manifest or index as the registry served it: its digest, media type and parsed body. */
public record Manifest(String digest, String mediaType, JsonNode body) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** Every manifest type we understand: without them in {@code Accept}, registries answer 404 or an old schema. */
    static final String ACCEPT = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    public boolean isIndex() {
        String type = mediaType != null && !mediaType.isEmpty() ? mediaType : body.path("mediaType").asText("");
        return type.equals(OCI_INDEX) || type.equals(DOCKER_LIST) || (type.isEmpty() && body.has("manifests"));
    }
}
