package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The form endpoints of a Git credential field ({@code credentialsId}, for the {@code repo} field beside it), shared by
 * the descriptors that implement it. Stapler finds web methods on the interfaces of a descriptor's class
 * (its ClassDescriptor walks them, a class's own methods overriding), and Jenkins finds fill and check
 * methods with {@code Class.getMethods()} (Descriptor.calcFillSettings, FormValidation.CheckMethod), which
 * lists public default methods.
 */
public interface GitCredentialsForm {

    @POST
    default ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String credentialsId,
            @QueryParameter String repo) {
        return CredentialsFields.fill(item, credentialsId, repo, CredentialsFields.GIT);
    }

    @POST
    default FormValidation doCheckCredentialsId(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
            @QueryParameter String repo) {
        return CredentialsFields.check(item, value, repo, CredentialsFields.GIT);
    }
}
