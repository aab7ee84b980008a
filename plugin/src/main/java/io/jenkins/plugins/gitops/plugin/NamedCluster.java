package io.jenkins.plugins.gitops.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A cluster an administrator defined once in the global configuration, which steps select with
 * {@code cluster: 'prod'}: the same fields as a step's inline cluster settings, plus what only an
 * administrator may allow (kubeconfig exec plugins; the controller's own service account).
 */
public final class NamedCluster implements Describable<NamedCluster> {

    /** Like a DNS label, so that a name reads the same in a Jenkinsfile, a YAML file and a URL. */
    static final String NAME_PATTERN = "[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?";

    private final String name;
    private String credentialsId = "";
    private String context = "";
    private String server = "";
    private String caCredentialsId = "";
    private String namespace = "";
    private boolean inCluster;
    private boolean allowExecPlugins;

    @DataBoundConstructor
    public NamedCluster(String name) {
        this.name = Util.fixNull(name).strip();
    }

    public String getName() {
        return name;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId).strip();
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = Util.fixNull(context).strip();
    }

    public String getServer() {
        return server;
    }

    @DataBoundSetter
    public void setServer(String server) {
        this.server = Util.fixNull(server).strip();
    }

    public String getCaCredentialsId() {
        return caCredentialsId;
    }

    @DataBoundSetter
    public void setCaCredentialsId(String caCredentialsId) {
        this.caCredentialsId = Util.fixNull(caCredentialsId).strip();
    }

    /** Default namespace of namespaced objects that name none; "" for the kubeconfig context's. A step's namespace overrides it. */
    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixNull(namespace).strip();
    }

    public boolean isInCluster() {
        return inCluster;
    }

    @DataBoundSetter
    public void setInCluster(boolean inCluster) {
        this.inCluster = inCluster;
    }

    public boolean isAllowExecPlugins() {
        return allowExecPlugins;
    }

    @DataBoundSetter
    public void setAllowExecPlugins(boolean allowExecPlugins) {
        this.allowExecPlugins = allowExecPlugins;
    }

    /** The connection fields as a step would give them inline. */
    ClusterSettings settings() {
        return new ClusterSettings(credentialsId, context, server, caCredentialsId, "", inCluster);
    }

    /** Rejects what a form check would flag: a bad name, neither or both of a credential and inCluster. */
    void validate() {
        if (!name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("cluster name '" + name + "': " + NAME_RULE);
        }
        if (inCluster == !credentialsId.isEmpty()) {
            throw new IllegalArgumentException("cluster '" + name + "': choose either credentials or inCluster");
        }
    }

    static final String NAME_RULE = "lower case letters, digits, '-' and '.', at most 63 characters, starting and ending with a letter or digit";

    // readResolve: XStream leaves fields it did not find null
    private Object readResolve() {
        credentialsId = Util.fixNull(credentialsId);
        context = Util.fixNull(context);
        server = Util.fixNull(server);
        caCredentialsId = Util.fixNull(caCredentialsId);
        namespace = Util.fixNull(namespace);
        return this;
    }

    /** Form endpoints of the global configuration page: administrators only. */
    @Extension
    @Symbol("cluster")
    public static final class DescriptorImpl extends Descriptor<NamedCluster> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Cluster";
        }

        private static boolean admin() {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            if (!admin()) {
                return FormValidation.ok();
            }
            return Util.fixNull(value).strip().matches(NAME_PATTERN) ? FormValidation.ok() : FormValidation.error("A cluster name has " + NAME_RULE);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String server) {
            return CredentialsFields.fill(null, credentialsId, server, CredentialsFields.CLUSTER);
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String server, @QueryParameter boolean inCluster) {
            if (!admin()) {
                return FormValidation.ok();
            }
            if (inCluster) {
                return Util.fixEmptyAndTrim(value) == null ? FormValidation.ok() : FormValidation.error("In-cluster uses no credentials");
            }
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error("Choose the cluster's credentials (" + ClusterCredentials.TYPES + ") or check In-cluster");
            }
            return CredentialsFields.check(null, value, server, CredentialsFields.CLUSTER);
        }

        @POST
        public ListBoxModel doFillCaCredentialsIdItems(@QueryParameter String caCredentialsId, @QueryParameter String server) {
            return CredentialsFields.fill(null, caCredentialsId, server, CredentialsFields.CA);
        }

        @POST
        public FormValidation doCheckServer(@QueryParameter String value) {
            return admin() ? ClusterStep.server(null, value) : FormValidation.ok();
        }
    }
}
