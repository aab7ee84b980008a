package io.jenkins.plugins.gitops.health;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules shipped with the engine, by API group and kind (versions do not matter: every rule
 * reads the fields all served versions share), and the API groups that belong to Kubernetes itself.
 * A kind in a Kubernetes group without a rule (ConfigMap, Secret, ServiceAccount, RBAC...) has no
 * health; a kind in any other group is a custom resource and gets the generic fallback.
 */
final class BuiltInRules {

    private static final Map<String, HealthRule> CORE_RULES = Map.ofEntries(
            Map.entry(key("apps", "Deployment"), new DeploymentHealth()),
            Map.entry(key("apps", "StatefulSet"), new StatefulSetHealth()),
            Map.entry(key("apps", "DaemonSet"), new DaemonSetHealth()),
            Map.entry(key("apps", "ReplicaSet"), new ReplicaSetHealth()),
            Map.entry(key("", "Pod"), new PodHealth()),
            Map.entry(key("", "Service"), new ServiceHealth()),
            Map.entry(key("", "PersistentVolumeClaim"), new PvcHealth()),
            Map.entry(key("networking.k8s.io", "Ingress"), new IngressHealth()),
            Map.entry(key("extensions", "Ingress"), new IngressHealth()),
            Map.entry(key("batch", "Job"), new JobHealth()),
            Map.entry(key("batch", "CronJob"), new CronJobHealth()),
            Map.entry(key("autoscaling", "HorizontalPodAutoscaler"), new HpaHealth()),
            Map.entry(key("apiregistration.k8s.io", "APIService"), new ApiServiceHealth()),
            Map.entry(key("apiextensions.k8s.io", "CustomResourceDefinition"), new CrdHealth()),
            // Custom resources Argo CD ships a rule for (Go for Workflow, Lua for the rest).
            Map.entry(key("argoproj.io", "Workflow"), new ArgoWorkflowHealth()),
            Map.entry(key("argoproj.io", "Rollout"), new RolloutHealth()),
            Map.entry(key("argoproj.io", "AnalysisRun"), new AnalysisRunHealth()),
            Map.entry(key("cert-manager.io", "Certificate"), new CertificateHealth()),
            Map.entry(key("serving.knative.dev", "Service"), new KnativeServiceHealth()),
            Map.entry(key("serving.kserve.io", "InferenceService"), new InferenceServiceHealth()),
            Map.entry(key("sparkoperator.k8s.io", "SparkApplication"), new SparkApplicationHealth()));

    private static final Map<String, HealthRule> RULES = merge(CORE_RULES, KubeflowRules.rules());

    /**
     * Groups served by the Kubernetes API server itself. Listed, not matched by a {@code .k8s.io}
     * suffix, because CRD-based APIs use that suffix too (gateway.networking.k8s.io,
     * snapshot.storage.k8s.io, sparkoperator.k8s.io) and must get the fallback.
     */
    private static final Set<String> KUBERNETES_GROUPS = Set.of(
            "", "apps", "batch", "autoscaling", "policy", "extensions",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io",
            "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "scheduling.k8s.io",
            "certificates.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
            "resource.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
            "internal.apiserver.k8s.io", "storagemigration.k8s.io", "metrics.k8s.io");

    private BuiltInRules() {
    }

    static Optional<HealthRule> find(String group, String kind) {
        HealthRule rule = RULES.get(key(group, kind));
        if (rule == null && KubeflowRules.ISTIO_GROUPS.contains(group)) {
            rule = ExistenceHealth.INSTANCE;
        }
        return Optional.ofNullable(rule);
    }

    private static Map<String, HealthRule> merge(Map<String, HealthRule> a, Map<String, HealthRule> b) {
        Map<String, HealthRule> out = new java.util.HashMap<>(a);
        b.forEach((k, v) -> {
            if (out.putIfAbsent(k, v) != null) {
                throw new IllegalStateException("two built-in health rules for " + k);
            }
        });
        return Map.copyOf(out);
    }

    static boolean isKubernetesGroup(String group) {
        return KUBERNETES_GROUPS.contains(group);
    }

    static String key(String group, String kind) {
        return group + "/" + kind;
    }
}
