package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets at rest: what the history keeps of a Secret is its identity and a digest of its
 * content, never a value. Argo CD keeps no manifests in the cluster at all; we keep the others
 * (for drift and rollback without Git) but a Secret's values would be readable by anyone who may
 * read ConfigMaps in the inventory namespace.
 *
 * <p>The digest covers {@code type} and {@code data} with {@code stringData} folded in (base64,
 * as the API server stores it), keys sorted, and is salted with the object's name, so a
 * desired Secret and the live one it became have the same digest and two Secrets with equal
 * values do not. A guessable value stays guessable from its digest: the inventory namespace
 * should still be readable only by those who deploy.
 */
public final class SecretDigests {

    /** The annotation of a stored stub carrying the digest; stubs are never applied. */
    public static final String DIGEST_ANNOTATION = "gitops.jenkins.io/secret-digest";

    private SecretDigests() {
    }

    public static boolean isSecret(JsonNode o) {
        return o.path("kind").asText().equals("Secret") && o.path("apiVersion").asText().equals("v1");
    }

    public static boolean isStub(JsonNode o) {
        return isSecret(o) && o.path("metadata").path("annotations").has(DIGEST_ANNOTATION);
    }

    /** The digest of a Secret, desired (data and stringData) or live (data). */
    public static String digest(JsonNode secret) {
        Map<String, String> data = new TreeMap<>();
        JsonNode d = secret.path("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), e.getValue().asText());
        }
        JsonNode sd = secret.path("stringData");
        for (Iterator<Map.Entry<String, JsonNode>> it = sd.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // salted with the name only: a manifest may leave the namespace to the sync's default
            sha.update(("gitops-secret-v1\n" + secret.path("metadata").path("name").asText() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update((secret.path("type").asText("Opaque") + "\n").getBytes(StandardCharsets.UTF_8));
            data.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the history stores for a Secret: apiVersion, kind, name, namespace and the digest; no
     * data, no labels or annotations (a {@code kubectl.kubernetes.io/last-applied-configuration}
     * copied into a manifest would carry the values).
     */
    public static ObjectNode stub(ObjectNode secret) {
        ObjectNode out = secret.objectNode().put("apiVersion", "v1").put("kind", "Secret");
        ObjectNode md = out.putObject("metadata").put("name", secret.path("metadata").path("name").asText());
        String ns = secret.path("metadata").path("namespace").asText("");
        if (!ns.isEmpty()) {
            md.put("namespace", ns);
        }
        md.putObject("annotations").put(DIGEST_ANNOTATION, digest(secret));
        return out;
    }

    /** The digest a stub carries. */
    public static String stubDigest(JsonNode stub) {
        return stub.path("metadata").path("annotations").path(DIGEST_ANNOTATION).asText();
    }
}
