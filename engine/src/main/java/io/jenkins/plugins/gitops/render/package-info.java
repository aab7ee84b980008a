/**
 * From a path of a repository at a revision (or a chart) to the objects it renders: kustomize (the
 * real {@code kubectl kustomize}, with Argo CD's kustomize overrides), Helm (helm-java), Jsonnet and
 * plain directories, picked as Argo CD's repo-server picks them; the manifest parser, the render cache
 * keyed by content, and {@link io.jenkins.plugins.gitops.render.RenderService}, the one factory of a
 * configured render.
 */
package io.jenkins.plugins.gitops.render;
