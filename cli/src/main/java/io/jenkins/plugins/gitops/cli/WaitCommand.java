package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.KubeAccess;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.WaitTargets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops wait}: waits until an app's objects are healthy. The objects come from a rendered
 * manifests file ({@code --manifests}), or else from the cluster as the engine decides
 * ({@link WaitTargets}): every object of the app's inventory, of every kind, or every
 * object carrying the selector. Exit code 0 when healthy,
 * 1 when Degraded (with {@code --fail-fast}) or timed out, 2 on a usage error; what is not healthy
 * is printed with its root causes.
 */
@Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait until the objects of an app are healthy.")
public final class WaitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--app", required = true, description = "The app's name (its objects carry gitops.jenkins.io/app=<name>).")
    String app;

    @Option(names = "--kubeconfig", description = "Kubeconfig file (default: KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--namespace", description = "Namespace for objects that name none (default: the context's).")
    String namespace;

    @Option(names = "--selector", description = "Label selector scoping the watches (default: gitops.jenkins.io/app=<app>).")
    String selector;

    @Option(names = "--manifests", description = "Rendered manifests (multi-document YAML) listing the objects to wait for.")
    Path manifests;

    @Option(names = "--inventory-namespace", defaultValue = Defaults.INVENTORY_NAMESPACE,
            description = "Namespace of the inventory ConfigMaps, read when no --manifests are given (default: ${DEFAULT-VALUE}).")
    String inventoryNamespace;

    @Option(names = "--timeout", defaultValue = "10m", converter = Durations.class, description = "How long to wait: 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--fail-fast", description = "Stop at the first Degraded object.")
    boolean failFast;

    @Option(names = "--allow-suspended", description = "Count Suspended objects as done.")
    boolean allowSuspended;

    @Option(names = "--logs", description = "Quote the previous log of crash-looping containers in causes.")
    boolean logs;

    @Option(names = "--output", defaultValue = "text", description = "text or json.")
    String output;

    @Option(names = "--until", defaultValue = "healthy", description = "healthy, or paused: return when each Argo Rollout is held at a pause step "
            + "(canary pause, blue-green preview) or finished; an aborted or Degraded Rollout fails the wait (default: ${DEFAULT-VALUE}).")
    String until;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            err.println("gitops wait: --output must be text or json, not '" + output + "'");
            return 2;
        }
        if (!until.equals("healthy") && !until.equals("paused")) {
            err.println("gitops wait: --until must be healthy or paused, not '" + until + "'");
            return 2;
        }
        try {
            io.jenkins.plugins.gitops.AppName.check(app);
        } catch (GitopsException e) {
            return ExitCodes.report(err, "wait", e);
        }
        try (Cluster cluster = CliCluster.connect(kubeconfig, context)) {
            String ns = namespace != null ? namespace : cluster.defaultNamespace();
            KubeAccess kube = new ClusterKubeAccess(cluster);
            WaitTargets targets = manifests != null
                    ? WaitTargets.ofManifests(app, selector, RenderedSet.of(ManifestParser.parse(Files.readString(manifests), manifests.toString()),
                            "", "file", ""), cluster.resolver(), ns)
                    : WaitTargets.ofApp(cluster, app, inventoryNamespace, selector, new HealthAssessor());
            WaitOptions options = WaitOptions.defaults().withFailFast(failFast).withAllowSuspended(allowSuspended).withReadLogs(logs)
                    .withUntilPaused(until.equals("paused"))
                    .withProgress(line -> {
                        if (output.equals("text")) {
                            out.println(line);
                            out.flush();
                        }
                    });
            WaitResult result = new HealthWaiter(kube).await(targets.state(timeout, Clock.systemUTC()), options);
            if (output.equals("json")) {
                out.println(result.toJson());
            } else {
                print(result, out);
                if (until.equals("paused") && result.healthy()) {
                    // where each Rollout stopped: the evaluation stage that follows needs the step and weight
                    result.rollouts().forEach(o -> out.println("  " + o.key() + ": " + (o.message().isEmpty() ? "fully promoted" : o.message())));
                }
            }
            out.flush();
            return result.exitCode();
        } catch (GitopsException | java.nio.file.NoSuchFileException e) {
            return ExitCodes.report(err, "wait", e);
        }
    }


    /** The engine's report of the result ({@link WaitResult#report()}). */
    static void print(WaitResult result, PrintWriter out) {
        result.report().forEach(out::println);
    }

}
