/**
 * Health assessment of live Kubernetes objects, after Argo CD's gitops-engine {@code pkg/health}
 * and its shipped custom-resource checks, with a kstatus-style fallback for other custom resources.
 *
 * <p>Public API: {@link io.jenkins.plugins.gitops.health.HealthAssessor} (assess one object,
 * aggregate many, register overrides), {@link io.jenkins.plugins.gitops.health.Health} and
 * {@link io.jenkins.plugins.gitops.health.HealthStatus} (the result), and
 * {@link io.jenkins.plugins.gitops.health.HealthRule} (to write an override). The per-kind rules
 * are package-private: one small class per kind, each a pure function of the object, tested from
 * YAML fixtures under {@code src/test/resources/health}.
 */
package io.jenkins.plugins.gitops.health;
