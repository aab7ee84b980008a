/**
 * The real peers tests compare the engine with: the machine's kubectl (run against a kubeconfig, its
 * discovery cache in a temporary folder, never {@code ~/.kube}) and the shared Kubeflow workload beside
 * the checkout with its reference render, made once per build.
 */
package io.jenkins.plugins.gitops.testkit.tools;
