package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.rollout.RolloutAction;
import io.jenkins.plugins.gitops.rollout.RolloutActions;
import io.jenkins.plugins.gitops.rollout.RolloutRefusal;
import io.jenkins.plugins.gitops.rollout.RolloutStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops rollout ACTION NAME --app A}: promote, abort, retry, restart or pause an Argo
 * Rollout of an app on the live cluster, as {@code kubectl argo rollouts} does, or print its
 * {@code status}. Exit code 0 when done, 1 when the cluster refused or failed, 2 on bad input
 * (unknown action, no such Rollout, not a Rollout, not the app's, nothing to do); nothing is
 * written unless the exit code is 0.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Promote, abort, retry, restart or pause an Argo Rollout of an app, or show its status.")
public final class RolloutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "promote, abort, retry, restart, pause or status.")
    String action;

    @Parameters(index = "1", paramLabel = "NAME", description = "The Rollout's name (or rollout/NAME).")
    String name;

    @Option(names = "--app", required = true, description = "The app the Rollout belongs to (its tracking annotation or gitops.jenkins.io/app label).")
    String app;

    @Option(names = {"--namespace", "-n"}, description = "The Rollout's namespace (default: the context's).")
    String namespace;

    @Option(names = "--full", description = "promote only: skip the remaining steps, pauses and analysis.")
    boolean full;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--output", defaultValue = "text", description = "text or json.")
    String output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            err.println("gitops rollout: --output must be text or json, not '" + output + "'");
            err.flush();
            return 2;
        }
        boolean status = action.equals("status");
        RolloutAction verb;
        try {
            verb = status ? null : RolloutAction.parse(action);
            if (status && full) {
                throw new RolloutRefusal("--full applies to promote only, not to status");
            }
        } catch (RolloutRefusal e) {
            err.println("gitops rollout: " + e.getMessage().replace("use one of ", "use one of status, "));
            err.flush();
            return 2;
        }
        try (Cluster cluster = CliCluster.connect(kubeconfig, context)) {
            String ns = namespace != null ? namespace : cluster.defaultNamespace();
            RolloutActions actions = new RolloutActions(cluster);
            if (status) {
                RolloutStatus s = actions.status(app, ns, name);
                if (output.equals("json")) {
                    out.println(s.toJson());
                } else {
                    s.toText().forEach(out::println);
                }
            } else {
                RolloutActions.Result r = actions.perform(app, ns, name, verb, full);
                if (output.equals("json")) {
                    out.println(r.toJson());
                } else {
                    out.println(r.message());
                    r.status().toText().forEach(out::println);
                }
            }
            out.flush();
            return 0;
        } catch (RolloutRefusal e) {
            err.println("gitops rollout " + action + ": " + e.getMessage());
            err.flush();
            return 2;
        } catch (GitopsException e) {
            err.println("gitops rollout " + action + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
