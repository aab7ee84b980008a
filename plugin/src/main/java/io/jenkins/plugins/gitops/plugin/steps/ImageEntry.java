package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.plugin.agent.ImageRequest;
import io.jenkins.plugins.gitops.plugin.agent.RenderRequest;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * One image of {@code imageUpdate}: {@code [name: 'registry.example.com/ml/trainer', strategy: 'semver', constraint: '^2.1']},
 * or explicit mode {@code [name: '...', tag: '2.1.7']} for the tag a pipeline has just built.
 */
public final class ImageEntry extends AbstractDescribableImpl<ImageEntry> {

    private final String name;
    private String strategy = "";
    private String constraint = "";
    private String allowTags = "";
    private String ignoreTags = "";
    private String tag = "";
    private String digest = "";
    private boolean verify = true;
    private String target = "";
    private String platforms = "";

    @DataBoundConstructor
    public ImageEntry(String name) {
        this.name = Util.fixNull(name).strip();
    }

    public String getName() {
        return name;
    }

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        this.strategy = Util.fixNull(strategy).strip();
    }

    public String getConstraint() {
        return constraint;
    }

    @DataBoundSetter
    public void setConstraint(String constraint) {
        this.constraint = Util.fixNull(constraint).strip();
    }

    public String getAllowTags() {
        return allowTags;
    }

    @DataBoundSetter
    public void setAllowTags(String allowTags) {
        this.allowTags = Util.fixNull(allowTags).strip();
    }

    public String getIgnoreTags() {
        return ignoreTags;
    }

    @DataBoundSetter
    public void setIgnoreTags(String ignoreTags) {
        this.ignoreTags = Util.fixNull(ignoreTags).strip();
    }

    public String getTag() {
        return tag;
    }

    @DataBoundSetter
    public void setTag(String tag) {
        this.tag = Util.fixNull(tag).strip();
    }

    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = Util.fixNull(digest).strip();
    }

    public boolean isVerify() {
        return verify;
    }

    @DataBoundSetter
    public void setVerify(boolean verify) {
        this.verify = verify;
    }

    public String getTarget() {
        return target;
    }

    /** Where this image is written, when not where the step's {@code target} says. */
    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Util.fixNull(target).strip();
    }

    public String getPlatforms() {
        return platforms;
    }

    /** Platforms a chosen tag must all provide, comma separated, e.g. {@code linux/amd64, linux/arm64}. */
    @DataBoundSetter
    public void setPlatforms(String platforms) {
        this.platforms = Util.fixNull(platforms).strip();
    }

    ImageRequest toRequest(List<String> defaultTargets) {
        List<String> targets = target.isEmpty() ? defaultTargets : RenderRequest.lines(target);
        return new ImageRequest(name, strategy, constraint, allowTags, RenderRequest.lines(ignoreTags), tag, digest, verify, targets,
                RenderRequest.lines(platforms));
    }

    /** Pipeline: images: [gitopsImage(name: ..., strategy: ...)] (prefixed so as not to read as any step's name). */
    @Extension
    @Symbol("gitopsImage")
    public static final class DescriptorImpl extends Descriptor<ImageEntry> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Image";
        }

        public ListBoxModel doFillStrategyItems() {
            ListBoxModel m = new ListBoxModel();
            m.add("(semver, or explicit when a tag or digest is given)", "");
            m.addAll(FormChecks.strategies());
            return m;
        }
    }
}
