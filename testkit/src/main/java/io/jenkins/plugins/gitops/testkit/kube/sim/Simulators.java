package io.jenkins.plugins.gitops.testkit.kube.sim;

import io.jenkins.plugins.gitops.testkit.kube.Controller;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The controller simulators, to attach to a {@link io.jenkins.plugins.gitops.testkit.kube.KubeEmulator}
 * all at once or one by one. They share one {@link Failures}, which a test changes to make
 * things go wrong.
 */
public final class Simulators {

    private Simulators() {
    }

    /** Every simulator, with a 2 s progress deadline for Deployments and Ready conditions for all custom resources. */
    public static List<Controller> all(Failures failures) {
        return all(failures, Duration.ofSeconds(2));
    }

    public static List<Controller> all(Failures failures, Duration progressDeadline) {
        return List.of(new KubeletSimulator(failures), new ReplicaSetSimulator(failures),
                new DeploymentSimulator(failures, progressDeadline), new StatefulSetSimulator(failures),
                new DaemonSetSimulator(failures), new JobSimulator(failures), new PvcSimulator(failures),
                new LoadBalancerSimulator(failures), new HpaSimulator(failures), new RolloutSimulator(failures), new AnalysisRunSimulator(failures),
                new ReadyConditionSimulator(failures, Set.of()));
    }

    /**
     * Every simulator with KServe's canary rollout for InferenceServices ({@link KServeSimulator})
     * in place of the generic Ready condition for that kind.
     */
    public static List<Controller> withKServe(Failures failures) {
        List<Controller> out = new java.util.ArrayList<>();
        for (Controller c : all(failures)) {
            if (!(c instanceof ReadyConditionSimulator)) {
                out.add(c);
            }
        }
        out.add(new KServeSimulator(failures));
        out.add(new ReadyConditionSimulator(failures, Set.of(), Set.of("serving.kserve.io/InferenceService")));
        return out;
    }
}
