package io.jenkins.plugins.gitops.health;

import java.util.Map;
import java.util.Set;

/**
 * The Kubeflow health pack: rules for the custom resources of a Kubeflow platform, which Argo CD
 * ships none for. Each rule reads the status its CRD declares (the CRDs of kubeflow/manifests);
 * see {@code docs/health-rules.md} for the table of kind, rule and source field.
 */
final class KubeflowRules {

    /** Training operator v1 kinds: one controller, one status shape (JobStatus) for all of them. */
    static final Set<String> TRAINING_V1_KINDS = Set.of("PyTorchJob", "TFJob", "MPIJob", "XGBoostJob", "PaddleJob", "JAXJob");

    /**
     * Istio's API groups. Istio objects carry no status worth waiting for (the optional
     * {@code status.validationMessages} are analysis warnings), so existence is health.
     */
    static final Set<String> ISTIO_GROUPS = Set.of("networking.istio.io", "security.istio.io", "telemetry.istio.io",
            "extensions.istio.io");

    private KubeflowRules() {
    }

    static Map<String, HealthRule> rules() {
        HealthRule training = new TrainingJobHealth();
        HealthRule exists = ExistenceHealth.INSTANCE;
        Map<String, HealthRule> rules = new java.util.HashMap<>();
        TRAINING_V1_KINDS.forEach(k -> rules.put(BuiltInRules.key("kubeflow.org", k), training));
        rules.put(BuiltInRules.key("kubeflow.org", "Notebook"), new NotebookHealth());
        rules.put(BuiltInRules.key("kubeflow.org", "Profile"), new ProfileHealth());
        rules.put(BuiltInRules.key("kubeflow.org", "PVCViewer"), new PvcViewerHealth());
        rules.put(BuiltInRules.key("tensorboard.kubeflow.org", "Tensorboard"), new TensorboardHealth());
        rules.put(BuiltInRules.key("trainer.kubeflow.org", "TrainJob"), new TrainJobHealth());
        rules.put(BuiltInRules.key("trainer.kubeflow.org", "TrainingRuntime"), exists);
        rules.put(BuiltInRules.key("trainer.kubeflow.org", "ClusterTrainingRuntime"), exists);
        rules.put(BuiltInRules.key("jobset.x-k8s.io", "JobSet"), new JobSetHealth());
        rules.put(BuiltInRules.key("kubeflow.org", "Experiment"), KatibHealth.EXPERIMENT);
        rules.put(BuiltInRules.key("kubeflow.org", "Trial"), KatibHealth.TRIAL);
        rules.put(BuiltInRules.key("kubeflow.org", "Suggestion"), KatibHealth.SUGGESTION);
        rules.put(BuiltInRules.key("serving.kserve.io", "LLMInferenceService"), new LlmInferenceServiceHealth());
        return Map.copyOf(rules);
    }
}
