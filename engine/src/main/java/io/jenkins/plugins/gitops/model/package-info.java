/**
 * The Kubeflow Model Registry as a source of releases: its REST client, registered models, versions
 * and artifacts, and the newest version a {@link io.jenkins.plugins.gitops.model.ModelVersionPolicy}
 * accepts (pattern and custom properties), with the build parameters a release hands on.
 */
package io.jenkins.plugins.gitops.model;
