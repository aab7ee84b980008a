package io.jenkins.plugins.gitops.health;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point of health assessment: the health of one live object, and of a set of them.
 * Immutable and thread-safe; {@link #withOverride} returns a new assessor.
 *
 * <p>The order of {@link #assess} follows Argo CD's {@code GetResourceHealth}, with the skip that
 * Argo CD's application controller applies before it:
 * <ol>
 * <li>{@code argocd.argoproj.io/ignore-healthcheck: "true"} or {@code gitops.jenkins.io/ignore-healthcheck:
 * "true"}: no health. Checked before deletion so that an ignored object stuck on a finalizer cannot
 * hold up a wait, as in Argo CD, where ignored objects never reach the assessment.</li>
 * <li>{@code metadata.deletionTimestamp} set: Progressing ("Pending deletion").</li>
 * <li>A user override for the object's group and kind; an override answering empty falls through.</li>
 * <li>The built-in rule for the group and kind.</li>
 * <li>No rule and a Kubernetes API group (ConfigMap, Secret, ServiceAccount, RBAC...): no health.</li>
 * <li>No rule and any other group, a custom resource: the kstatus-style fallback on its conditions.</li>
 * </ol>
 * Built-in and fallback results are generation-aware: a Healthy answer from a status older than
 * the spec ({@code status.observedGeneration < metadata.generation}) becomes Progressing, because
 * it describes the previous spec. Overrides are the user's word and are not second-guessed.
 * A rule that throws gives Unknown with a message naming the object, never an exception.
 */
public final class HealthAssessor {

    /** Argo CD's annotation excluding an object from health; honoured so existing manifests keep working. */
    public static final String ARGO_IGNORE_ANNOTATION = "argocd.argoproj.io/ignore-healthcheck";
    /** This engine's own annotation with the same meaning. */
    public static final String IGNORE_ANNOTATION = "gitops.jenkins.io/ignore-healthcheck";

    private static final HealthRule FALLBACK = new GenericConditionsHealth();

    private final Map<String, HealthRule> overrides;

    /** An assessor with the built-in rules only. */
    public HealthAssessor() {
        this(Map.of());
    }

    private HealthAssessor(Map<String, HealthRule> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * A copy of this assessor that asks {@code rule} first for objects of this group ("" for the
     * core group) and kind, like Argo CD's {@code resource.customizations.health}. Replaces an
     * earlier override for the same group and kind.
     */
    public HealthAssessor withOverride(String group, String kind, HealthRule rule) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Map<String, HealthRule> copy = new HashMap<>(overrides);
        copy.put(BuiltInRules.key(group == null ? "" : group, kind), rule);
        return new HealthAssessor(copy);
    }

    /**
     * False when no object of this group and kind can have a health (ConfigMap, Secret, RBAC...):
     * such objects never hold up a wait, so a waiter need not watch them.
     */
    public boolean mayHaveHealth(String group, String kind) {
        String g = group == null ? "" : group;
        return overrides.containsKey(BuiltInRules.key(g, kind)) || BuiltInRules.find(g, kind).isPresent()
                || !BuiltInRules.isKubernetesGroup(g);
    }

    /** The health of one object, or empty when it has none (ignored, or a kind without a notion of health). */
    public Optional<Health> assess(KubeObject obj) {
        if (ignored(obj)) {
            return Optional.empty();
        }
        if (deleting(obj)) {
            return Optional.of(Health.progressing("Pending deletion"));
        }
        HealthRule override = overrides.get(BuiltInRules.key(obj.group(), obj.kind()));
        if (override != null) {
            Optional<Health> health = run(override, obj);
            if (health.isPresent()) {
                return health;
            }
        }
        Optional<HealthRule> rule = BuiltInRules.find(obj.group(), obj.kind());
        if (rule.isEmpty() && !BuiltInRules.isKubernetesGroup(obj.group())) {
            rule = Optional.of(FALLBACK);
        }
        return rule.flatMap(r -> run(r, obj)).map(h -> notAheadOfGeneration(obj, h));
    }

    /**
     * The health of a set, as Argo CD computes an application's: the worst status wins (Healthy &lt;
     * Suspended &lt; Progressing &lt; Missing &lt; Degraded &lt; Unknown) and its first holder's
     * message is kept. An empty set is Healthy, as nothing stands in the way.
     */
    public static Health aggregate(Collection<Health> healths) {
        Health worst = Health.healthy();
        for (Health h : healths) {
            if (h.status().isWorseThan(worst.status())) {
                worst = h;
            }
        }
        return worst;
    }

    private static boolean ignored(KubeObject obj) {
        return isTrue(obj.annotation(ARGO_IGNORE_ANNOTATION)) || isTrue(obj.annotation(IGNORE_ANNOTATION));
    }

    private static boolean isTrue(Optional<String> value) {
        return value.map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }

    private static boolean deleting(KubeObject obj) {
        var ts = obj.at("/metadata/deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    private static Optional<Health> run(HealthRule rule, KubeObject obj) {
        try {
            Optional<Health> health = rule.assess(obj);
            return health == null ? Optional.empty() : health;
        } catch (RuntimeException e) {
            return Optional.of(Health.unknown(obj.key() + ": health check failed: " + e.getMessage()));
        }
    }

    private static Health notAheadOfGeneration(KubeObject obj, Health health) {
        return health.status() == HealthStatus.HEALTHY && Generation.behind(obj) ? Generation.progressing(obj) : health;
    }
}
