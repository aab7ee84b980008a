package io.jenkins.plugins.gitops.plugin.steps;

import io.jenkins.plugins.gitops.Defaults;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterFields;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterRestrictions;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterSettings;
import io.jenkins.plugins.gitops.plugin.cluster.GitopsGlobalConfiguration;
import io.jenkins.plugins.gitops.plugin.credentials.ClusterCredentials;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The fields every cluster step shares: the app and the cluster fields (how to reach the cluster: a
 * named cluster, a kubeconfig Secret file and a context, or a Secret text token with the server URL and
 * a CA credential; the default namespace and the namespace of the app's inventory), kept in a
 * {@link ClusterFields} and offered as the step's own parameters. Help texts for these fields live beside this
 * class and serve every subclass.
 */
public abstract class ClusterStep extends Step {

    private final String app;
    /** The cluster fields ({@link ClusterFields}, declared once for the steps, their builders and the drift trigger). */
    private ClusterFields clusterFields = new ClusterFields();

    // The cluster fields under the names a cluster builder's <settings> (a step) saved before ClusterFields held them: XStream fills
    // transient fields when it reads, readResolve moves them into clusterFields, nothing writes them.
    private transient String clusterCredentialsId;
    private transient String context;
    private transient String server;
    private transient String caCredentialsId;
    private transient String namespace;
    private transient String inventoryNamespace;
    private transient String cluster;
    private transient boolean inCluster;

    protected ClusterStep(String app) {
        this.app = Util.fixNull(app).strip();
    }

    public String getApp() {
        return app;
    }

    public String getClusterCredentialsId() {
        return clusterFields.getClusterCredentialsId();
    }

    @DataBoundSetter
    public void setClusterCredentialsId(String clusterCredentialsId) {
        clusterFields.setClusterCredentialsId(clusterCredentialsId);
    }

    public String getContext() {
        return clusterFields.getContext();
    }

    @DataBoundSetter
    public void setContext(String context) {
        clusterFields.setContext(context);
    }

    public String getServer() {
        return clusterFields.getServer();
    }

    @DataBoundSetter
    public void setServer(String server) {
        clusterFields.setServer(server);
    }

    public String getCaCredentialsId() {
        return clusterFields.getCaCredentialsId();
    }

    @DataBoundSetter
    public void setCaCredentialsId(String caCredentialsId) {
        clusterFields.setCaCredentialsId(caCredentialsId);
    }

    public String getNamespace() {
        return clusterFields.getNamespace();
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        clusterFields.setNamespace(namespace);
    }

    public String getInventoryNamespace() {
        return clusterFields.getInventoryNamespace();
    }

    @DataBoundSetter
    public void setInventoryNamespace(String inventoryNamespace) {
        clusterFields.setInventoryNamespace(inventoryNamespace);
    }

    /** A named cluster of the global configuration; "" for the inline fields. */
    public String getCluster() {
        return clusterFields.getCluster();
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        clusterFields.setCluster(cluster);
    }

    /** The service account of the pod the work runs in, instead of credentials. */
    public boolean isInCluster() {
        return clusterFields.isInCluster();
    }

    @DataBoundSetter
    public void setInCluster(boolean inCluster) {
        clusterFields.setInCluster(inCluster);
    }

    public ClusterSettings cluster() {
        return clusterFields.settings();
    }

    /** A configuration saved with the fields on the step itself; a subclass that adds a readResolve calls this one. */
    protected Object readResolve() {
        if (clusterFields == null) {
            clusterFields = ClusterFields.of(clusterCredentialsId, context, server, caCredentialsId, namespace, inventoryNamespace, cluster, inCluster);
        }
        return this;
    }

    /** The cluster steps' descriptors extend it; the cluster fields' dropdowns and checks are {@link ClusterForm}'s. */
    public abstract static class ClusterStepDescriptor extends StepDescriptor implements ClusterForm {

        /** {@code timeout: 15} (a number, as these parameters were) reaches the text setter as {@code "15"}: minutes. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            return super.newInstance(StepTimeouts.normalize(arguments));
        }

        /** The inventory namespace a new step offers ({@code ${descriptor.defaultInventoryNamespace}} in its view): the engine's default. */
        public String getDefaultInventoryNamespace() {
            return ClusterRestrictions.INVENTORY_NAMESPACE;
        }

        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            Object app = namedArgs.get("app");
            return app instanceof String s ? s : null;
        }
    }

    /** Credentials are needed unless a named cluster or in-cluster access is chosen. */
    public static FormValidation clusterCredentials(@CheckForNull Item item, String value, String server, String cluster, boolean inCluster) {
        boolean other = Util.fixEmptyAndTrim(cluster) != null || inCluster;
        if (FormChecks.canCheck(item) && Util.fixEmptyAndTrim(value) == null && !other) {
            return FormValidation.error("Choose a named cluster, the cluster's credentials (" + ClusterCredentials.TYPES + ") or In-cluster");
        }
        return CredentialsFields.check(item, value, server, CredentialsFields.CLUSTER);
    }

    /** For work on the controller: a named cluster, never a credential or in-cluster access a job chose. */
    public static FormValidation controllerOnly(@CheckForNull Item item, String value, String cluster, boolean inCluster) {
        if (!FormChecks.canCheck(item)) {
            return FormValidation.ok();
        }
        if (Util.fixEmptyAndTrim(value) != null || inCluster || Util.fixEmptyAndTrim(cluster) == null) {
            return FormValidation.error("This runs on the controller, which connects only to named clusters: choose a cluster"
                    + " (Manage Jenkins > System > GitOps clusters) and leave the credentials and In-cluster empty");
        }
        return FormValidation.ok();
    }

    /** A named cluster must exist (names are not secret, but only those who configure the item are told). */
    public static FormValidation namedCluster(@CheckForNull Item item, String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (!FormChecks.canCheck(item) || v == null || v.startsWith("${")) {
            return FormValidation.ok();
        }
        return GitopsGlobalConfiguration.get().getClusters().stream().anyMatch(c -> c.getName().equals(v)) ? FormValidation.ok()
                : FormValidation.error("No cluster named '" + v + "' (" + GitopsGlobalConfiguration.get().namesText() + ")");
    }

    public static FormValidation app(@CheckForNull Item item, String value) {
        if (!FormChecks.canCheck(item)) {
            return FormValidation.ok();
        }
        String v = Util.fixNull(value).strip();
        if (!v.matches(Defaults.APP_NAME_PATTERN)) {
            return FormValidation.error("An app name is a DNS-1123 label of at most 53 characters (lower case letters, digits, '-', '.')");
        }
        return FormValidation.ok();
    }

    public static FormValidation server(@CheckForNull Item item, String value) {
        if (!FormChecks.canCheck(item)) {
            return FormValidation.ok();
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v != null && !v.startsWith("https://") && !v.startsWith("http://")) {
            return FormValidation.error("Expected https://host[:port]");
        }
        return FormValidation.ok();
    }
}
