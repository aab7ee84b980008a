/**
 * Argo CD AppProject policy: which source repositories, destinations (server and namespace) and kinds
 * a project admits, parsed from AppProject YAML, and the check every sync passes before its first
 * write (dry runs included): a refusal names every object and rule, and nothing is written.
 */
package io.jenkins.plugins.gitops.policy;
