/**
 * Git as the source of truth: repository URLs and credentials (HTTPS, SSH keys and known hosts),
 * revision resolution, checkouts through a cache of bare mirrors like Argo CD's repo-server, shallow
 * fetches, ref listings without a clone, and Git errors in plain words without secrets.
 */
package io.jenkins.plugins.gitops.source;
