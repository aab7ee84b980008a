package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Optional;

/**
 * Assesses the health of one object of the kinds it is registered for. Rules are pure functions
 * of the object: no cluster calls, no clock, no state, so they can be tested from a YAML fixture.
 * A rule may throw on malformed input; {@link HealthAssessor} turns that into {@code Unknown}.
 */
@FunctionalInterface
public interface HealthRule {

    /** The object's health, or empty when this object has no notion of health (ConfigMap, or a rule declining). */
    Optional<Health> assess(KubeObject obj);
}
