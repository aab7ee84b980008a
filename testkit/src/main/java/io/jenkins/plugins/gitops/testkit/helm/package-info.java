/**
 * Helm chart repositories for tests: a classic repository on loopback ({@code index.yaml} generated from
 * the published archives, optional Basic or bearer auth, requests counted per path) and the tar.gz
 * archives it serves.
 */
package io.jenkins.plugins.gitops.testkit.helm;
