/**
 * Helm charts from chart repositories, as Argo CD's {@code spec.source} with {@code chart} and {@code
 * targetRevision}: classic HTTP(S) repositories with {@code index.yaml} and OCI registries, version
 * constraints, dependencies, credentials kept out of URLs, and a cache of fetched archives keyed by
 * digest.
 */
package io.jenkins.plugins.gitops.render.chart;
