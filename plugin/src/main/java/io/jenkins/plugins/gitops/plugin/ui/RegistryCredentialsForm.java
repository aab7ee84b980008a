package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The form endpoints of a registry credential field ({@code registryCredentialsId}); see {@link GitCredentialsForm} for how they are found. */
public interface RegistryCredentialsForm {

    @POST
    default ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String registryCredentialsId) {
        return CredentialsFields.fill(item, registryCredentialsId, null, CredentialsFields.REGISTRY);
    }

    @POST
    default FormValidation doCheckRegistryCredentialsId(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
        return CredentialsFields.check(item, value, null, CredentialsFields.REGISTRY);
    }
}
