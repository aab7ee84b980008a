package io.jenkins.plugins.gitops.model;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a Kubeflow Model Registry's REST API is and how to reach it.
 *
 * @param url     the service root, e.g. {@code https://model-registry.kubeflow.example.com} or
 *                {@code http://model-registry-service.kubeflow.svc.cluster.local:8080}; the API path is added
 * @param token   bearer token (a Kubernetes service account token behind Kubeflow's Istio gateway); "" for none
 * @param caCertificates PEM file of extra CAs to trust; null for the JVM's
 * @param timeout per request
 */
public record ModelRegistryOptions(URI url, String token, Path caCertificates, Duration timeout) {

    public ModelRegistryOptions {
        if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new ModelRegistryException("model registry url: '" + url + "' is not an http(s) URL", 0);
        }
        if (url.getUserInfo() != null) {
            throw new ModelRegistryException("model registry url: put credentials in a token, not in the URL", 0);
        }
        token = token == null ? "" : token.strip();
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    public static ModelRegistryOptions of(String url, String token) {
        try {
            return new ModelRegistryOptions(URI.create(url.strip().replaceAll("/+$", "")), token, null, null);
        } catch (IllegalArgumentException e) {
            throw new ModelRegistryException("model registry url: cannot read '" + url + "': " + e.getMessage(), 0);
        }
    }

    public ModelRegistryOptions withCaCertificates(Path pem) {
        return new ModelRegistryOptions(url, token, pem, timeout);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ModelRegistryOptions[url=" + url + ", token=" + (token.isEmpty() ? "none" : "****") + ", ca=" + caCertificates
                + ", timeout=" + timeout + "]";
    }
}
