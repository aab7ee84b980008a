/**
 * The Kubernetes API for tests: {@link io.jenkins.plugins.gitops.testkit.kube.KubeEmulator}, an
 * in-process API server on loopback (discovery, CRUD, server-side apply with managed fields, label
 * selectors, watches, namespaces, finalizers, dry runs) that the engine and plugin tests reach exactly
 * as they would reach a cluster. Extend it where a test needs more, with its own tests.
 */
package io.jenkins.plugins.gitops.testkit.kube;
