package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The form endpoints of a Git source: its {@code repo} and its credential ({@link GitCredentialsForm}). */
public interface GitSourceForm extends GitCredentialsForm {

    @POST
    default FormValidation doCheckRepo(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
        return FormChecks.repo(item, value);
    }
}
