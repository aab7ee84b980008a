package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * One plain value of {@code imageUpdate}, written where a {@code # {"$gitops": "name"}} marker
 * comment says: {@code [name: 'fraud-model-uri', value: params.MODEL_URI]} puts a new model version's
 * URI into an InferenceService's {@code storageUri}, formatting kept.
 */
public final class ValueEntry extends AbstractDescribableImpl<ValueEntry> {

    private final String name;
    private final String value;

    @DataBoundConstructor
    public ValueEntry(String name, String value) {
        this.name = Util.fixNull(name).strip();
        this.value = Util.fixNull(value);
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    /** Pipeline: values: [gitopsValue(name: ..., value: ...)] (prefixed so as not to read as any step's name). */
    @Extension
    @Symbol("gitopsValue")
    public static final class DescriptorImpl extends Descriptor<ValueEntry> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Value";
        }
    }
}
