package io.jenkins.plugins.gitops.health.cause;

import java.util.Optional;

/** The tail of a container's previous (crashed) run, when the caller allows reading logs. */
@FunctionalInterface
public interface PreviousLogs {

    /** Never reads anything: for callers not allowed to read logs. */
    PreviousLogs NONE = (namespace, pod, container) -> Optional.empty();

    Optional<String> tail(String namespace, String pod, String container);
}
