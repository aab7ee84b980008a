/**
 * An in-memory stand-in for the Kubeflow Model Registry REST API on loopback: the subset a deployment
 * pipeline uses, with the real paths, JSON shapes, paging, ordering, error bodies and optional bearer auth.
 */
package io.jenkins.plugins.gitops.testkit.modelregistry;
