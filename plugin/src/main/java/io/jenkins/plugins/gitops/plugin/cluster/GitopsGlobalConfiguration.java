package io.jenkins.plugins.gitops.plugin.cluster;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.Descriptor;
import hudson.security.Permission;
import io.jenkins.plugins.gitops.plugin.LegacyNames;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The named clusters (Manage Jenkins > System > GitOps clusters; JCasC {@code unclassified: gitops: clusters:}).
 * A step's {@code cluster: 'prod'} selects one. ADMINISTER, not MANAGE: a cluster may run
 * kubeconfig exec plugins or hand every job the controller's service account.
 */
@Extension
@Symbol("gitops")
public class GitopsGlobalConfiguration extends GlobalConfiguration {

    private static final Logger LOGGER = Logger.getLogger(GitopsGlobalConfiguration.class.getName());

    private List<NamedCluster> clusters = new ArrayList<>();

    public GitopsGlobalConfiguration() {
        load();
    }

    /**
     * Reads the file the configuration had before the plugin's packages were split (a descriptor's file
     * is named by its class) while there is no file of the current name; the next save writes the current
     * file, and the old one is left as it was. As Jenkins's own JenkinsLocationConfiguration moved.
     */
    @Override
    public synchronized void load() {
        XmlFile legacy = new XmlFile(LegacyNames.xstream(LegacyNames.GLOBAL), new File(Jenkins.get().getRootDir(), LegacyNames.GLOBAL_CONFIGURATION_FILE));
        if (!getConfigFile().exists() && legacy.exists()) {
            try {
                legacy.unmarshal(this);
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Failed to load " + legacy, e);
            }
            return;
        }
        super.load();
    }

    public static GitopsGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(GitopsGlobalConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "GitOps clusters";
    }

    @NonNull
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    public List<NamedCluster> getClusters() {
        return List.copyOf(clusters);
    }

    /** Validates all clusters (unique, well-formed names; a credential or inCluster) before keeping any; JCasC reports the exception. */
    @DataBoundSetter
    public void setClusters(List<NamedCluster> clusters) {
        List<NamedCluster> list = clusters == null ? List.of() : List.copyOf(clusters);
        Set<String> names = new HashSet<>();
        for (NamedCluster c : list) {
            c.validate();
            if (!names.add(c.getName())) {
                throw new IllegalArgumentException("cluster name '" + c.getName() + "' is defined twice");
            }
        }
        this.clusters = new ArrayList<>(list);
        save();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws Descriptor.FormException {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (!json.has("clusters")) {
            json.put("clusters", new net.sf.json.JSONArray()); // an emptied list is not posted at all
        }
        try {
            req.bindJSON(this, json);
        } catch (RuntimeException e) {
            // Stapler may wrap the setter's IllegalArgumentException
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException && t.getMessage() != null && t.getMessage().startsWith("cluster ")) {
                    throw new Descriptor.FormException(t.getMessage(), "clusters");
                }
            }
            throw e;
        }
        return true;
    }

    /** The cluster of that name, or an AbortException naming the defined ones. */
    NamedCluster cluster(String name) throws AbortException {
        for (NamedCluster c : clusters) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        throw new AbortException("no cluster named '" + name + "' in the global configuration (" + namesText() + ")");
    }

    /** "defined: a, b" or "none is defined", for messages. */
    public String namesText() {
        return clusters.isEmpty() ? "none is defined" : "defined: " + String.join(", ", clusters.stream().map(NamedCluster::getName).toList());
    }

    // XStream leaves a missing list null
    private Object readResolve() {
        if (clusters == null) {
            clusters = new ArrayList<>();
        }
        return this;
    }
}
