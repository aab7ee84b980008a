package io.jenkins.plugins.gitops.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Options of the registry client.
 *
 * @param hosts          per-host settings; hosts not listed are reached anonymously over HTTPS
 * @param timeout        connect timeout and per-request timeout
 * @param maxRetries     how many times a 429 or 503 is retried before giving up
 * @param maxRetryAfter  the longest {@code Retry-After} we wait; a registry asking for more fails the call
 * @param tagCacheTtl    how long a tag list is reused (several images of one repository in one step,
 *                       a retry after a push rejection); zero disables the cache
 */
public record RegistryOptions(Map<String, RegistryHostConfig> hosts, Duration timeout, int maxRetries,
                              Duration maxRetryAfter, Duration tagCacheTtl) {

    public RegistryOptions {
        hosts = Map.copyOf(hosts);
    }

    /** 10 s timeout, 3 retries, at most 30 s of Retry-After, tag lists cached for 60 s. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(Map.of(), Duration.ofSeconds(10), 3, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public RegistryOptions withHosts(List<RegistryHostConfig> list) {
        return new RegistryOptions(list.stream().collect(Collectors.toMap(RegistryHostConfig::host, Function.identity())),
                timeout, maxRetries, maxRetryAfter, tagCacheTtl);
    }

    public RegistryOptions withHost(RegistryHostConfig host) {
        var copy = new java.util.HashMap<>(hosts);
        copy.put(host.host(), host);
        return new RegistryOptions(copy, timeout, maxRetries, maxRetryAfter, tagCacheTtl);
    }

    public RegistryOptions withTimeout(Duration t) {
        return new RegistryOptions(hosts, t, maxRetries, maxRetryAfter, tagCacheTtl);
    }

    public RegistryOptions withRetries(int retries, Duration maxWait) {
        return new RegistryOptions(hosts, timeout, retries, maxWait, tagCacheTtl);
    }

    public RegistryOptions withTagCacheTtl(Duration ttl) {
        return new RegistryOptions(hosts, timeout, maxRetries, maxRetryAfter, ttl);
    }

    /** The settings of one host: the configured ones, or anonymous HTTPS. */
    public RegistryHostConfig host(String host) {
        return hosts.getOrDefault(host, RegistryHostConfig.anonymous(host));
    }
}
