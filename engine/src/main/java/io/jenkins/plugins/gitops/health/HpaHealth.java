package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * autoscaling/HorizontalPodAutoscaler, as Argo CD. Conditions are read in order: one that says the
 * autoscaler cannot work (cannot read or update the target's scale, cannot fetch any kind of
 * metric, invalid selector) anywhere in the list is Degraded; else AbleToScale or ScalingLimited
 * True is Healthy; otherwise Progressing. autoscaling/v1 has no status conditions: they live in a JSON annotation.
 */
final class HpaHealth implements HealthRule {

    private static final String V1_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    private static final ObjectMapper JSON = new ObjectMapper();

    // Argo CD's Go rule lists FailedGetResourceMetric only; its newer Lua rule (followed here) adds
    // the other metric sources, since a broken custom or external metrics adapter stops scaling too.
    private static final Set<String> DEGRADED = Set.of(
            "AbleToScale/FailedGetScale",
            "AbleToScale/FailedUpdateScale",
            "ScalingActive/FailedGetResourceMetric",
            "ScalingActive/FailedGetObjectMetric",
            "ScalingActive/FailedGetPodsMetric",
            "ScalingActive/FailedGetExternalMetric",
            "ScalingActive/FailedGetContainerResourceMetric",
            "ScalingActive/FailedComputeMetricsReplicas",
            "ScalingActive/InvalidSelector");
    private static final Set<String> HEALTHY_WHEN_TRUE = Set.of("AbleToScale", "ScalingLimited");

    @Override
    public Optional<Health> assess(KubeObject obj) {
        List<Condition> conditions;
        if (obj.apiVersion().equals("autoscaling/v1")) {
            Optional<String> annotation = obj.annotation(V1_CONDITIONS);
            if (annotation.isEmpty()) {
                return Optional.of(waiting());
            }
            try {
                conditions = Condition.parse(JSON.readTree(annotation.get()));
            } catch (JsonProcessingException e) {
                return Optional.of(Health.unknown("Cannot read annotation " + V1_CONDITIONS + ": " + e.getOriginalMessage()));
            }
        } else {
            conditions = Condition.of(obj);
        }
        // Two passes: the controller always lists AbleToScale first, so a single pass would call
        // an HPA Healthy before reaching the ScalingActive condition that says it cannot scale.
        for (Condition c : conditions) {
            if (DEGRADED.contains(c.type() + "/" + c.reason())) {
                return Optional.of(Health.degraded(c.message()));
            }
        }
        return Optional.of(conditions.stream()
                .filter(c -> HEALTHY_WHEN_TRUE.contains(c.type()) && c.isTrue())
                .findFirst()
                .map(c -> Health.healthy(c.message()))
                .orElse(waiting()));
    }

    private static Health waiting() {
        return Health.progressing("Waiting to Autoscale");
    }
}
