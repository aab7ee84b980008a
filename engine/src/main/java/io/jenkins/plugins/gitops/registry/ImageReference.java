package io.jenkins.plugins.gitops.registry;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference {@code [registry/]repository[:tag][@digest]}, normalized like Docker does:
 * no registry means Docker Hub ({@code docker.io}), and a one-component Docker Hub repository
 * lives under {@code library/}. Immutable; {@link #toString()} round-trips {@link #parse}.
 */
public final class ImageReference {

    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    private final String registry;
    private final String repository;
    private final String tag;
    private final String digest;

    private ImageReference(String registry, String repository, String tag, String digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses a reference; the error names the input and what is wrong with it. */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw bad(reference, "empty");
        }
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw bad(reference, "digest '" + digest + "' is not algorithm:hex");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw bad(reference, "tag '" + tag + "' is not a valid tag");
            }
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                repository = rest.substring(slash + 1);
                if (!HOST.matcher(registry).matches()) {
                    throw bad(reference, "registry '" + registry + "' is not host[:port]");
                }
            }
        }
        registry = normalizeRegistry(registry);
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw bad(reference, "repository '" + repository + "' has an invalid component '" + component
                        + "' (lower case letters, digits and . _ - separators)");
            }
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** A reference from parts; {@code registry} null means Docker Hub. */
    public static ImageReference of(String registry, String repository, String tag, String digest) {
        String text = (registry == null ? "" : registry + "/") + repository
                + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        return parse(text);
    }

    private static String normalizeRegistry(String registry) {
        return switch (registry) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> registry;
        };
    }

    private static ImageUpdateException bad(String reference, String why) {
        return new ImageUpdateException("image reference '" + reference + "': " + why);
    }

    public String registry() {
        return registry;
    }

    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** The host the Distribution API lives on: Docker Hub's API is not on {@code docker.io}. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** Tag if any, else digest, else {@code latest}: what a manifest request names. */
    public String manifestReference() {
        return digest != null ? digest : tag != null ? tag : "latest";
    }

    public ImageReference withTag(String newTag) {
        return parse(name() + (newTag == null ? "" : ":" + newTag));
    }

    public ImageReference withDigest(String newDigest) {
        return parse(name() + (tag == null ? "" : ":" + tag) + (newDigest == null ? "" : "@" + newDigest));
    }

    /** Registry and repository, without tag or digest, in the short form ({@code nginx}, not {@code docker.io/library/nginx}). */
    public String name() {
        if (registry.equals(DOCKER_HUB)) {
            return repository.startsWith("library/") && repository.indexOf('/', 8) < 0 ? repository.substring(8) : repository;
        }
        return registry + "/" + repository;
    }

    /** Same image, whatever the tag or digest and however it was spelled. */
    public boolean sameImage(ImageReference other) {
        return registry.equals(other.registry) && repository.equals(other.repository);
    }

    /**
     * The name part of a reference as the author wrote it ({@code docker.io/nginx:1} gives
     * {@code docker.io/nginx}), so that write-back changes only the tag and digest.
     */
    public static String writtenName(String written) {
        String rest = written;
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        return colon > rest.lastIndexOf('/') ? rest.substring(0, colon) : rest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && registry.equals(r.registry) && repository.equals(r.repository)
                && Objects.equals(tag, r.tag) && Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
