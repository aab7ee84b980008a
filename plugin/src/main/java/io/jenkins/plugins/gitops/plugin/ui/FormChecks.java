package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

/** Field checks shared by the step and builder forms. Checks need CONFIGURE (or ADMINISTER without an item). */
public final class FormChecks {

    private FormChecks() {
    }

    public static boolean canCheck(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /** A trigger's cron spec, parsed as Jenkins will parse it. */
    public static FormValidation cronSpec(@CheckForNull Item item, String value) {
        if (!canCheck(item)) {
            return FormValidation.ok();
        }
        try {
            hudson.scheduler.CronTabList.create(Util.fixNull(value));
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error("Not a cron spec: " + e.getMessage());
        }
    }

    public static FormValidation repo(@CheckForNull Item item, String value) {
        if (!canCheck(item)) {
            return FormValidation.ok();
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.error("A repository URL (https://, ssh://, git@host:path) or a workspace folder is required");
        }
        if (v.matches("(?i)^https?://[^/@\\s]+:[^/@\\s]*@.*")) {
            return FormValidation.error("Do not put a password in the URL: choose credentials instead");
        }
        return FormValidation.ok();
    }

    public static FormValidation relativeFile(@CheckForNull Item item, String value) {
        if (!canCheck(item)) {
            return FormValidation.ok();
        }
        String v = Util.fixEmptyAndTrim(value);
        if (v != null && (v.startsWith("/") || v.matches("^[A-Za-z]:.*") || v.matches("(^|.*[/\\\\])\\.\\.([/\\\\].*|$)"))) {
            return FormValidation.error("Must be a path inside the workspace");
        }
        return FormValidation.ok();
    }

    public static ListBoxModel tools() {
        ListBoxModel m = new ListBoxModel();
        m.add("Detect (kustomization file, Chart.yaml, else plain YAML)", "auto");
        m.add("kustomize", "kustomize");
        m.add("Helm", "helm");
        m.add("Plain YAML folder", "directory");
        m.add("Jsonnet folder (with its plain YAML)", "jsonnet");
        return m;
    }

    public static ListBoxModel strategies() {
        ListBoxModel m = new ListBoxModel();
        m.add("Semantic version (highest matching the constraint)", "semver");
        m.add("Newest build (image creation time)", "newest-build");
        m.add("Digest of a mutable tag", "digest");
        m.add("Alphabetical", "alphabetical");
        m.add("Numerical", "numerical");
        m.add("Explicit tag or digest (given below)", "explicit");
        return m;
    }
}
