package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.Objects;

/**
 * One object to apply, as planned: the desired object (tracking marks included, namespace
 * filled in), its phase and wave, whether it is a hook, and the digest of its desired state.
 */
public record Task(KubeObject object, Phase phase, int wave, boolean hook, String digest) {

    public Task {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(phase, "phase");
    }

    public ResourceKey key() {
        return object.key();
    }

    Task at(Phase p, int w) {
        return new Task(object, p, w, hook, digest);
    }

    boolean isCrd() {
        return object.kind().equals("CustomResourceDefinition") && object.group().equals("apiextensions.k8s.io");
    }

    /** For a CRD: the group/kind of its resources ({@code kubeflow.org/Profile}). */
    String definedKind() {
        return object.at("/spec/group").asText() + "/" + object.at("/spec/names/kind").asText();
    }
}
