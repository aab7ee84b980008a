/**
 * Argo CD Applications as this engine reconciles them: parsing an Application (source, destination,
 * sync options, project), expanding an app of apps into its tree (renders, depth first, cycles and
 * duplicate names refused), rewriting repository URLs, and syncing the tree app by app as Argo CD's
 * controller would, each with its own inventory and history.
 */
package io.jenkins.plugins.gitops.app;
