package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.ResourceKey;

/** One object an app applied: its identity, the apiVersion it was applied with, and the digest of what was applied. */
public record InventoryEntry(ResourceKey key, String apiVersion, String digest) {
}
