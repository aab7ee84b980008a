package io.jenkins.plugins.gitops.plugin.credentials;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * Credential dropdowns and checks for the forms, with the checks the credentials plugin asks for:
 * without ADMINISTER (global context) or EXTENDED_READ / USE_ITEM (an item), the list holds only
 * the current value, and a check says nothing.
 */
public final class CredentialsFields {

    public static final CredentialsMatcher GIT = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(SSHUserPrivateKey.class));
    public static final CredentialsMatcher REGISTRY = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class));
    public static final CredentialsMatcher CLUSTER = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(FileCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(StandardCertificateCredentials.class));
    /** An API server's CA certificate, in PEM. */
    public static final CredentialsMatcher CA = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(FileCredentials.class),
            CredentialsMatchers.instanceOf(StringCredentials.class));

    private CredentialsFields() {
    }

    static boolean canList(@CheckForNull Item item) {
        return item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    public static ListBoxModel fill(@CheckForNull Item item, @CheckForNull String current, @CheckForNull String uri, CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        if (!canList(item)) {
            result.includeCurrentValue(value);
            return result;
        }
        result.includeEmptyValue();
        var requirements = URIRequirementBuilder.fromUri(Util.fixEmptyAndTrim(uri)).build();
        if (item == null) {
            result.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, requirements, matcher);
        } else {
            result.includeMatchingAs(authentication(item), item, StandardCredentials.class, requirements, matcher);
        }
        result.includeCurrentValue(value);
        return result;
    }

    public static FormValidation check(@CheckForNull Item item, @CheckForNull String value, @CheckForNull String uri, CredentialsMatcher matcher) {
        if (!canList(item)) {
            return FormValidation.ok();
        }
        String id = Util.fixEmptyAndTrim(value);
        if (id == null || id.startsWith("${")) {
            return FormValidation.ok(); // anonymous, or an expression resolved at run time
        }
        var requirements = URIRequirementBuilder.fromUri(Util.fixEmptyAndTrim(uri)).build();
        var found = item == null
                ? CredentialsProvider.listCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, requirements,
                        CredentialsMatchers.allOf(matcher, CredentialsMatchers.withId(id)))
                : CredentialsProvider.listCredentialsInItem(StandardCredentials.class, item, authentication(item), requirements,
                        CredentialsMatchers.allOf(matcher, CredentialsMatchers.withId(id)));
        return found.isEmpty() ? FormValidation.warning("No credentials of a supported type with ID '" + id + "' are visible here")
                : FormValidation.ok();
    }

    private static Authentication authentication(Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }
}
