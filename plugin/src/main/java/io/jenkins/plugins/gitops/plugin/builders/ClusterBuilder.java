package io.jenkins.plugins.gitops.plugin.builders;

import hudson.model.AbstractProject;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterRestrictions;
import io.jenkins.plugins.gitops.plugin.steps.ClusterForm;
import io.jenkins.plugins.gitops.plugin.steps.ClusterStep;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle form of a cluster step: the builder keeps an instance of the step as its settings
 * and exposes the step's cluster fields, so a builder and its step can never disagree on a field.
 * Subclasses add the fields of their own step.
 */
public abstract class ClusterBuilder<S extends ClusterStep> extends Builder implements SimpleBuildStep {

    protected final S settings;

    protected ClusterBuilder(S settings) {
        this.settings = settings;
    }

    public String getApp() {
        return settings.getApp();
    }

    public String getClusterCredentialsId() {
        return settings.getClusterCredentialsId();
    }

    @DataBoundSetter
    public void setClusterCredentialsId(String clusterCredentialsId) {
        settings.setClusterCredentialsId(clusterCredentialsId);
    }

    public String getContext() {
        return settings.getContext();
    }

    @DataBoundSetter
    public void setContext(String context) {
        settings.setContext(context);
    }

    public String getServer() {
        return settings.getServer();
    }

    @DataBoundSetter
    public void setServer(String server) {
        settings.setServer(server);
    }

    public String getCaCredentialsId() {
        return settings.getCaCredentialsId();
    }

    @DataBoundSetter
    public void setCaCredentialsId(String caCredentialsId) {
        settings.setCaCredentialsId(caCredentialsId);
    }

    public String getNamespace() {
        return settings.getNamespace();
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        settings.setNamespace(namespace);
    }

    public String getInventoryNamespace() {
        return settings.getInventoryNamespace();
    }

    @DataBoundSetter
    public void setInventoryNamespace(String inventoryNamespace) {
        settings.setInventoryNamespace(inventoryNamespace);
    }

    public String getCluster() {
        return settings.getCluster();
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        settings.setCluster(cluster);
    }

    public boolean isInCluster() {
        return settings.isInCluster();
    }

    @DataBoundSetter
    public void setInCluster(boolean inCluster) {
        settings.setInCluster(inCluster);
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    /** The cluster builders' descriptors extend it; the cluster fields' form endpoints are {@link ClusterForm}'s, the steps' checks. */
    public abstract static class ClusterBuilderDescriptor extends BuildStepDescriptor<Builder> implements ClusterForm {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        /** The inventory namespace a new builder offers ({@code ${descriptor.defaultInventoryNamespace}} in its view): the engine's default. */
        public String getDefaultInventoryNamespace() {
            return ClusterRestrictions.INVENTORY_NAMESPACE;
        }
    }
}
