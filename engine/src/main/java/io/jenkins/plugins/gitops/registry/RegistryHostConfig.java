package io.jenkins.plugins.gitops.registry;

import java.nio.file.Path;

/**
 * How to reach one registry host ({@code host[:port]}, as in an image reference).
 *
 * @param plainHttp      speak HTTP instead of HTTPS (a local or lab registry)
 * @param caCertificates PEM file of extra CAs to trust for this host only, or null
 * @param credentials    user and secret, or null for anonymous access
 */
public record RegistryHostConfig(String host, boolean plainHttp, Path caCertificates, RegistryCredentials credentials) {

    public static RegistryHostConfig anonymous(String host) {
        return new RegistryHostConfig(host, false, null, null);
    }

    public RegistryHostConfig withCredentials(RegistryCredentials c) {
        return new RegistryHostConfig(host, plainHttp, caCertificates, c);
    }

    public RegistryHostConfig withPlainHttp(boolean plain) {
        return new RegistryHostConfig(host, plain, caCertificates, credentials);
    }
}
