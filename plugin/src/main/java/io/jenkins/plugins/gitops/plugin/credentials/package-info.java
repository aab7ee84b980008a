/**
 * Jenkins credentials for Git, registries and clusters: lookup with the build's or job's
 * authentication (and tracking of their use), the credential dropdowns and checks of the forms, the
 * serializable auth handed to agents, and the masker that keeps secrets out of logs and results.
 */
package io.jenkins.plugins.gitops.plugin.credentials;
