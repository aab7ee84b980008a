package io.jenkins.plugins.gitops.plugin.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.health.HealthCheckSpec;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A custom health rule for one kind, as data: the engine's {@link HealthCheckSpec} clauses, one
 * per line ({@code condition Ready=True -> Healthy}, {@code field /status/phase == Failed -> Degraded},
 * {@code default -> Progressing}). In a Pipeline, {@code rules} may also be a list of clauses.
 * Plain strings only, so a waiting step can keep it across a restart.
 */
public final class HealthCheck extends AbstractDescribableImpl<HealthCheck> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private String group = "";
    private String rules = "";

    @DataBoundConstructor
    public HealthCheck(String kind) {
        this.kind = Util.fixNull(kind).strip();
    }

    public String getKind() {
        return kind;
    }

    public String getGroup() {
        return group;
    }

    @DataBoundSetter
    public void setGroup(String group) {
        this.group = Util.fixNull(group).strip();
    }

    public String getRules() {
        return rules;
    }

    @DataBoundSetter
    public void setRules(String rules) {
        this.rules = Util.fixNull(rules).strip();
    }

    /** The engine's rule; throws the engine's message (naming the kind and the clause) when a clause is wrong. */
    public HealthCheckSpec toSpec() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("group", group);
        m.put("rules", rules.lines().map(String::strip).filter(s -> !s.isEmpty()).toList());
        return HealthCheckSpec.parse(m);
    }

    /** Lets a Pipeline give {@code rules} as a list: joins it into lines. */
    static Object normalize(Object entry) {
        if (entry instanceof Map<?, ?> m && m.get("rules") instanceof java.util.List<?> list) {
            Map<Object, Object> out = new LinkedHashMap<>(m);
            StringBuilder b = new StringBuilder();
            list.forEach(r -> b.append(b.length() == 0 ? "" : "\n").append(r));
            out.put("rules", b.toString());
            return out;
        }
        return entry;
    }

    /** Pipeline: healthChecks: [gitopsHealthCheck(kind: ..., rules: ...)] (prefixed so as not to read as any step's name). */
    @Extension
    @Symbol("gitopsHealthCheck")
    public static final class DescriptorImpl extends Descriptor<HealthCheck> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Health check";
        }

        @POST
        public FormValidation doCheckRules(@AncestorInPath @CheckForNull Item item, @QueryParameter String value, @QueryParameter String kind) {
            if (!FormChecks.canCheck(item) || Util.fixEmptyAndTrim(kind) == null) {
                return FormValidation.ok();
            }
            try {
                HealthCheck h = new HealthCheck(kind);
                h.setRules(value);
                h.toSpec();
                return FormValidation.ok();
            } catch (GitopsException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
