package io.jenkins.plugins.gitops.kube;

import java.util.Set;

/**
 * What a wait for CustomResourceDefinitions found ({@link Cluster#awaitCrdsEstablished(java.util.Collection, String, java.time.Duration)}).
 *
 * @param notEstablished the names the wait covered that were still not Established at the deadline
 * @param unselected     the names its label selector did not match, or stopped matching while it waited
 *                       (relabelled by another app): not waited for, the caller looks at each on its own
 */
public record CrdWait(Set<String> notEstablished, Set<String> unselected) {

    public CrdWait {
        notEstablished = Set.copyOf(notEstablished);
        unselected = Set.copyOf(unselected);
    }
}
