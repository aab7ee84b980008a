package io.jenkins.plugins.gitops.sync;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Helm's install order of kinds, which Argo CD uses inside a wave; kinds not listed (custom
 * resources) come after, then webhook configurations last so that they cannot refuse objects
 * of the same sync before their service is up.
 */
final class KindOrder {

    private static final List<String> ORDER = List.of("Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
            "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
            "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
            "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet",
            "Job", "CronJob", "IngressClass", "Ingress", "APIService");
    private static final List<String> LAST = List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
    private static final Map<String, Integer> INDEX = ORDER.stream().collect(Collectors.toMap(Function.identity(), ORDER::indexOf));

    private KindOrder() {
    }

    static int of(String kind) {
        Integer i = INDEX.get(kind);
        if (i != null) {
            return i;
        }
        return LAST.contains(kind) ? ORDER.size() + 1 + LAST.indexOf(kind) : ORDER.size();
    }

    /** Webhook configurations and API services: applied in the last stage of their wave. */
    static boolean isWebhook(String kind) {
        return LAST.contains(kind) || kind.equals("APIService");
    }
}
