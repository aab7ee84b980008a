package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The form endpoints of the cluster fields ({@link io.jenkins.plugins.gitops.plugin.cluster.ClusterFields}: app, named cluster,
 * cluster and CA credentials, server), shared by the cluster steps', builders' and drift trigger's descriptors, delegating to
 * {@link ClusterStep}'s checks. Stapler finds web methods on the interfaces of a descriptor's class (its ClassDescriptor walks
 * them, a class's own methods overriding), and Jenkins finds fill and check methods with {@code Class.getMethods()}
 * (Descriptor.calcFillSettings, FormValidation.CheckMethod), which lists public default methods.
 */
public interface ClusterForm {

    /** Whether the work runs on the controller, which connects only to named clusters. */
    default boolean runsOnController() {
        return false;
    }

    @POST
    default ListBoxModel doFillClusterCredentialsIdItems(@AncestorInPath @CheckForNull Item item,
            @QueryParameter String clusterCredentialsId, @QueryParameter String server) {
        return CredentialsFields.fill(item, clusterCredentialsId, server, CredentialsFields.CLUSTER);
    }

    @POST
    default FormValidation doCheckClusterCredentialsId(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
            @QueryParameter String server, @QueryParameter String cluster, @QueryParameter boolean inCluster) {
        return runsOnController() ? ClusterStep.controllerOnly(item, value, cluster, inCluster)
                : ClusterStep.clusterCredentials(item, value, server, cluster, inCluster);
    }

    @POST
    default FormValidation doCheckCluster(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
        return ClusterStep.namedCluster(item, value);
    }

    @POST
    default ListBoxModel doFillCaCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String caCredentialsId,
            @QueryParameter String server) {
        return CredentialsFields.fill(item, caCredentialsId, server, CredentialsFields.CA);
    }

    @POST
    default FormValidation doCheckApp(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
        return ClusterStep.app(item, value);
    }

    @POST
    default FormValidation doCheckServer(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
        return ClusterStep.server(item, value);
    }
}
