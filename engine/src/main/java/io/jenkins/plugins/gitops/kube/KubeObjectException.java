package io.jenkins.plugins.gitops.kube;

import io.jenkins.plugins.gitops.GitopsException;

/**
 * A tree that is not a Kubernetes object (no kind, no apiVersion, not a mapping): the caller's
 * input, so {@linkplain #badInput() bad input}. The message names the object as far as it can be
 * named ({@code ConfigMap default/settings has no apiVersion}).
 */
public class KubeObjectException extends GitopsException {

    private static final long serialVersionUID = 1L;

    public KubeObjectException(String message) {
        super(message);
        asBadInput();
    }
}
