package io.jenkins.plugins.gitops.image.policy;

/** A tag that passed the filter, and the part of it that is compared (the whole tag unless extracted). */
public record TagCandidate(String tag, String key) {
}
