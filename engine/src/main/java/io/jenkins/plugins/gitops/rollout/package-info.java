/**
 * Progressive delivery on the live cluster: the actions {@code kubectl argo rollouts} performs on an
 * Argo Rollout (promote, abort, retry, restart, pause), written as the same JSON merge patches, and
 * the status it prints (phase, step, weights, images). Every action is refused, with nothing
 * written, when the Rollout is not the app's, is missing, is not a Rollout, or when the action has
 * nothing to do (an already promoted Rollout).
 */
package io.jenkins.plugins.gitops.rollout;
