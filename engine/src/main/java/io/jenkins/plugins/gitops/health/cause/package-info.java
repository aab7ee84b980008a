/**
 * Why an object is not healthy, in plain words: pure functions of the object and what is around it
 * (its Pods, ReplicaSets, AnalysisRuns, failing conditions, Warning events and, when allowed, previous
 * container logs), gathered only for the objects a wait ends on unhealthy.
 */
package io.jenkins.plugins.gitops.health.cause;
