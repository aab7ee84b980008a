package io.jenkins.plugins.gitops.testkit.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in kinds a GitOps engine meets, with scope and subresources as a v1.32 apiserver
 * serves them. Custom resources are added at run time from their CRDs.
 */
final class BuiltinTypes {

    private BuiltinTypes() {
    }

    static List<ResourceType> all() {
        List<ResourceType> t = new ArrayList<>();
        // core/v1
        t.add(core("Namespace", "namespaces", false, true, "ns"));
        t.add(core("Pod", "pods", true, true, "po"));
        t.add(core("Service", "services", true, true, "svc"));
        t.add(core("Endpoints", "endpoints", true, false, "ep"));
        t.add(core("ConfigMap", "configmaps", true, false, "cm"));
        t.add(core("Secret", "secrets", true, false));
        t.add(core("ServiceAccount", "serviceaccounts", true, false, "sa"));
        t.add(core("PersistentVolumeClaim", "persistentvolumeclaims", true, true, "pvc"));
        t.add(core("PersistentVolume", "persistentvolumes", false, true, "pv"));
        t.add(core("Event", "events", true, false, "ev"));
        t.add(core("Node", "nodes", false, true, "no"));
        t.add(core("LimitRange", "limitranges", true, false, "limits"));
        t.add(core("ResourceQuota", "resourcequotas", true, true, "quota"));
        t.add(new ResourceType("", List.of("v1"), "ReplicationController", "replicationcontrollers", true, true, true, List.of("rc"), null));
        // apps/v1
        t.add(new ResourceType("apps", List.of("v1"), "Deployment", "deployments", true, true, true, List.of("deploy"), null));
        t.add(new ResourceType("apps", List.of("v1"), "StatefulSet", "statefulsets", true, true, true, List.of("sts"), null));
        t.add(new ResourceType("apps", List.of("v1"), "ReplicaSet", "replicasets", true, true, true, List.of("rs"), null));
        t.add(type("apps", "v1", "DaemonSet", "daemonsets", true, true, "ds"));
        t.add(type("apps", "v1", "ControllerRevision", "controllerrevisions", true, false));
        // batch/v1
        t.add(type("batch", "v1", "Job", "jobs", true, true));
        t.add(type("batch", "v1", "CronJob", "cronjobs", true, true, "cj"));
        // autoscaling: v2 preferred, v1 still served
        t.add(new ResourceType("autoscaling", List.of("v2", "v1"), "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, true, false, List.of("hpa"), null));
        // rbac
        String rbac = "rbac.authorization.k8s.io";
        t.add(type(rbac, "v1", "Role", "roles", true, false));
        t.add(type(rbac, "v1", "RoleBinding", "rolebindings", true, false));
        t.add(type(rbac, "v1", "ClusterRole", "clusterroles", false, false));
        t.add(type(rbac, "v1", "ClusterRoleBinding", "clusterrolebindings", false, false));
        // networking, policy, scheduling, storage, coordination, discovery, node, events
        t.add(type("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, false, "netpol"));
        t.add(type("networking.k8s.io", "v1", "Ingress", "ingresses", true, true, "ing"));
        t.add(type("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, false));
        t.add(type("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, true, "pdb"));
        t.add(type("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, false, "pc"));
        t.add(type("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, false, "sc"));
        t.add(type("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false, false));
        t.add(type("coordination.k8s.io", "v1", "Lease", "leases", true, false));
        t.add(type("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, false));
        t.add(type("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false, false));
        t.add(type("events.k8s.io", "v1", "Event", "events", true, false, "ev"));
        // API machinery
        t.add(type("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, true, "crd", "crds"));
        t.add(type("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, true));
        t.add(type("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, false));
        t.add(type("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, false));
        t.add(type("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false, true, "csr"));
        return t;
    }

    private static ResourceType core(String kind, String plural, boolean namespaced, boolean status, String... shortNames) {
        return type("", "v1", kind, plural, namespaced, status, shortNames);
    }

    private static ResourceType type(String group, String version, String kind, String plural, boolean namespaced,
                                     boolean status, String... shortNames) {
        return new ResourceType(group, List.of(version), kind, plural, namespaced, status, false, List.of(shortNames), null);
    }
}
