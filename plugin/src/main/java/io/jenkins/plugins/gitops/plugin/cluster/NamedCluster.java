package io.jenkins.plugins.gitops.plugin.cluster;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.credentials.ClusterCredentials;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.steps.ClusterStep;
import io.jenkins.plugins.gitops.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.SCMRevisionAction;
import jenkins.scm.api.mixin.ChangeRequestSCMHead;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A cluster an administrator defined once in the global configuration, which steps select with
 * {@code cluster: 'prod'}: the same fields as a step's inline cluster settings, plus what only an
 * administrator may allow (kubeconfig exec plugins; the controller's own service account), and what
 * an Argo CD AppProject gives: which jobs may use it and whether change-request builds may
 * ({@link #admit}, checked before any credential is looked up), and what they may deploy
 * ({@link #restrictions}, enforced by the engine before its first write). Its credential is looked
 * up in the root of Jenkins with the system's authority, so it may be System-scoped: no job can
 * read it, only use the cluster as this definition allows.
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
    private String allowedItems = "";
    private boolean allowChangeRequests;
    private String namespaces = "";
    private String clusterKinds = "";
    private String deniedKinds = "";
    private String sourceRepos = "";

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

    /** Full-name globs of the jobs that may use the cluster ({@code team-a/**}, {@code deploy/prod-*}), one per line; "" for every job. */
    public String getAllowedItems() {
        return allowedItems;
    }

    @DataBoundSetter
    public void setAllowedItems(String allowedItems) {
        this.allowedItems = multiline(allowedItems);
    }

    /** Whether builds of change requests (pull requests, merge requests) may use the cluster; false refuses them. */
    public boolean isAllowChangeRequests() {
        return allowChangeRequests;
    }

    @DataBoundSetter
    public void setAllowChangeRequests(boolean allowChangeRequests) {
        this.allowChangeRequests = allowChangeRequests;
    }

    /** Destination namespace globs, {@code !} to deny ({@code ml-*}, {@code !ml-prod}), one per line; "" for every namespace. */
    public String getNamespaces() {
        return namespaces;
    }

    @DataBoundSetter
    public void setNamespaces(String namespaces) {
        this.namespaces = multiline(namespaces);
    }

    /** Cluster-scoped kinds jobs may deploy, {@code Kind.group} globs one per line; "" for every kind, {@code none} for none. */
    public String getClusterKinds() {
        return clusterKinds;
    }

    @DataBoundSetter
    public void setClusterKinds(String clusterKinds) {
        this.clusterKinds = multiline(clusterKinds);
    }

    /** Namespaced kinds jobs may not deploy, {@code Kind.group} globs one per line ({@code ResourceQuota}, {@code *.networking.k8s.io}). */
    public String getDeniedKinds() {
        return deniedKinds;
    }

    @DataBoundSetter
    public void setDeniedKinds(String deniedKinds) {
        this.deniedKinds = multiline(deniedKinds);
    }

    /** Repository URL globs jobs may deploy from, {@code !} to deny, one per line; "" for any source, manifests files included. */
    public String getSourceRepos() {
        return sourceRepos;
    }

    @DataBoundSetter
    public void setSourceRepos(String sourceRepos) {
        this.sourceRepos = multiline(sourceRepos);
    }

    /** What jobs may deploy to this cluster, for the engine. */
    ClusterRestrictions restrictions() {
        return new ClusterRestrictions(name, lines(namespaces), lines(clusterKinds), lines(deniedKinds), lines(sourceRepos));
    }

    /**
     * Refuses a job this cluster does not admit, before any credential is looked up: one whose full
     * name matches none of {@link #getAllowedItems()}, or a change-request build (its job's SCM head,
     * or the head of a revision the build records, is a {@link ChangeRequestSCMHead}) unless
     * {@link #isAllowChangeRequests()}. The message names the rule.
     *
     * @param job the job (a build's parent), or the item a trigger polls for
     * @param run the build, or null outside one
     */
    void admit(Item job, @CheckForNull Run<?, ?> run) throws AbortException {
        List<String> items = lines(allowedItems);
        String fullName = job.getFullName();
        if (!items.isEmpty() && items.stream().noneMatch(p -> Glob.of(p, '/').matches(fullName))) {
            throw new AbortException("cluster '" + name + "' does not admit " + fullName + ": it is not one of the cluster's allowed items ("
                    + String.join(", ", items) + ")");
        }
        if (!allowChangeRequests) {
            SCMHead head = changeRequest(job, run);
            if (head != null) {
                throw new AbortException("cluster '" + name + "' does not admit change-request builds: " + fullName + " builds "
                        + head.getName() + " (change request " + ((ChangeRequestSCMHead) head).getId() + "); the cluster's allowChangeRequests is off");
            }
        }
    }

    @CheckForNull
    private static SCMHead changeRequest(Item job, @CheckForNull Run<?, ?> run) {
        SCMHead head = SCMHead.HeadByItem.findHead(job);
        if (head instanceof ChangeRequestSCMHead) {
            return head;
        }
        if (run != null) {
            for (SCMRevisionAction a : run.getActions(SCMRevisionAction.class)) {
                SCMHead h = a.getRevision().getHead();
                if (h instanceof ChangeRequestSCMHead) {
                    return h;
                }
            }
        }
        return null;
    }

    /** A multi-line field as the form posts it (browsers send CRLF) or JCasC gives it, with LF line ends. */
    private static String multiline(String text) {
        return Util.fixNull(text).replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    /** The lines of a text field, trimmed, without blanks and {@code #} comments (commas stay: a glob may have {@code {a,b}}). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : Util.fixNull(text).split("[\\r\\n]+")) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
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
        try {
            lines(allowedItems).forEach(p -> Glob.of(p, '/'));
            restrictions().project();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster '" + name + "': " + e.getMessage(), e);
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
        allowedItems = Util.fixNull(allowedItems);
        namespaces = Util.fixNull(namespaces);
        clusterKinds = Util.fixNull(clusterKinds);
        deniedKinds = Util.fixNull(deniedKinds);
        sourceRepos = Util.fixNull(sourceRepos);
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

        @POST
        public FormValidation doCheckAllowedItems(@QueryParameter String value) {
            if (!admin()) {
                return FormValidation.ok();
            }
            if (lines(value).isEmpty()) {
                return FormValidation.warning("Every job may use this cluster; list the jobs (full-name globs such as team-a/**) to restrict it");
            }
            return patterns(value, v -> lines(v).forEach(p -> Glob.of(p, '/')));
        }

        @POST
        public FormValidation doCheckNamespaces(@QueryParameter String value) {
            return admin() ? patterns(value, v -> new ClusterRestrictions("c", lines(v), List.of(), List.of(), List.of()).project()) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckClusterKinds(@QueryParameter String value) {
            if (!admin()) {
                return FormValidation.ok();
            }
            return patterns(value, v -> new ClusterRestrictions("c", List.of(), lines(v), List.of(), List.of()).project());
        }

        @POST
        public FormValidation doCheckDeniedKinds(@QueryParameter String value) {
            return admin() ? patterns(value, v -> new ClusterRestrictions("c", List.of(), List.of(), lines(v), List.of()).project()) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckSourceRepos(@QueryParameter String value) {
            return admin() ? patterns(value, v -> new ClusterRestrictions("c", List.of(), List.of(), List.of(), lines(v)).project()) : FormValidation.ok();
        }

        private static FormValidation patterns(String value, java.util.function.Consumer<String> compile) {
            try {
                compile.accept(Util.fixNull(value));
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
