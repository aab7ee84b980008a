/**
 * What a cluster's controllers would do to the objects a sync applies, simulated in the emulator:
 * Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs rolling out through Pods and a kubelet,
 * PVCs binding, load balancers, HPAs, KServe services, Argo Rollouts and AnalysisRuns stepping, and
 * failures a test injects, so health waits and syncs see live status.
 */
package io.jenkins.plugins.gitops.testkit.kube.sim;
