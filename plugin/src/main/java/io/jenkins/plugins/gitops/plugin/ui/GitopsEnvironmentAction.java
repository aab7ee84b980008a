package io.jenkins.plugins.gitops.plugin.ui;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.util.Map;
import java.util.TreeMap;

/** Environment variables a freestyle GitOps builder exports to the build steps after it. No secrets. */
public final class GitopsEnvironmentAction extends InvisibleAction implements EnvironmentContributingAction {

    private final TreeMap<String, String> values;

    public GitopsEnvironmentAction(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    public Map<String, String> getValues() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        env.putAll(values);
    }
}
