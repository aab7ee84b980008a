/**
 * A throwaway OCI registry for tests: Debian's {@code docker-registry} on a free loopback port, optional
 * htpasswd basic auth, images (single or multi-platform) and artifacts such as Helm charts pushed through
 * the HTTP API, without Docker.
 */
package io.jenkins.plugins.gitops.testkit.registry;
