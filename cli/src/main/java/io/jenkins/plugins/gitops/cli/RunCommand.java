package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.Defaults;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.ResultJson;
import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.HealthWaiter;
import io.jenkins.plugins.gitops.health.wait.WaitOptions;
import io.jenkins.plugins.gitops.health.wait.WaitResult;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import io.jenkins.plugins.gitops.sync.WaitTargets;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops run}: the main job, as a pipeline runs it with gitopsRender, gitopsSync and
 * gitopsWaitHealthy: render a path of a repository, sync it, wait until it is healthy, and say
 * what happened. Without {@code --kubeconfig} it deploys into an embedded Kubernetes API
 * emulator with controller simulators, and says so: nothing real is deployed then.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render, sync and wait until healthy: the main job. Without --kubeconfig, into an embedded emulator (not a cluster).")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, description = "Repository URL or local path.")
    String repo;

    @Option(names = "--revision", defaultValue = "HEAD", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--path", defaultValue = ".", description = "Folder in the repository (default: the root).")
    String path;

    @Option(names = "--app", required = true, description = "The app name: tracking label, inventory and history.")
    String app;

    @Option(names = "--kubeconfig", description = "Target this cluster instead of an embedded emulator.")
    Path kubeconfig;

    @Option(names = "--context", description = "Kubeconfig context (default: the current one).")
    String context;

    @Option(names = {"--namespace", "-n"}, description = "Namespace for objects that name none (default: the context's).")
    String namespace;

    @Option(names = "--prune", description = "Delete objects of the app that are no longer rendered.")
    boolean prune;

    @Option(names = "--timeout", defaultValue = "5m", converter = Durations.class,
            description = "How long the sync and the wait may take together (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--output", defaultValue = "text", description = "text or json.")
    String output;

    @Option(names = "--allow-empty", description = "Accept a render without objects and sync it (with --prune: delete all the app's objects).")
    boolean allowEmpty;

    /** Where the emulator's kubeconfig goes for the run (the system's temporary folder; tests give their own). */
    Path tempRoot;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!output.equals("text") && !output.equals("json")) {
            throw new IllegalArgumentException("--output must be text or json, not '" + output + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean text = output.equals("text");
        io.jenkins.plugins.gitops.AppName.check(app);
        KubeEmulator emulator = null;
        Path config = kubeconfig;
        Path tempDir = null;
        try {
            if (config == null) {
                emulator = KubeEmulator.builder().controllers(Simulators.all(new Failures())).start();
                tempDir = tempRoot == null ? Files.createTempDirectory("gitops-run") : Files.createTempDirectory(tempRoot, "gitops-run");
                config = emulator.writeKubeconfig(tempDir.resolve("kubeconfig"));
                say(text, out, "No --kubeconfig: deploying into an embedded Kubernetes API emulator at " + emulator.url()
                        + " (an emulator with controller simulators, not a cluster; nothing real is deployed).");
            }
            long deadline = System.nanoTime() + timeout.toNanos();

            RenderResult rendered = render();
            say(text, out, String.format("Rendered %s at %s: %d objects with %s %s (%s)%s in %d ms", path, Defaults.shortSha(rendered.set().revision()),
                    rendered.set().size(), rendered.set().renderer(), rendered.set().toolVersion(), rendered.set().digest(),
                    rendered.cacheHit() ? ", from the render cache" : "", rendered.duration().toMillis()));

            try (Cluster cluster = Cluster.fromKubeconfig(config, context)) {
                String ns = namespace == null || namespace.isEmpty() ? cluster.defaultNamespace() : namespace;
                SyncOptions options = SyncOptions.builder(app).namespace(ns).prune(prune).timeout(timeout).initiator("gitops run")
                        .allowEmpty(allowEmpty).build();
                SyncResult synced = new SyncEngine(cluster).sync(rendered.set(), options);
                if (text) {
                    out.print(synced.table());
                    out.flush();
                }
                WaitResult waited = null;
                if (synced.succeeded()) {
                    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
                    WaitState state = WaitTargets.ofSync(app, synced, rendered.set(), cluster.resolver(), ns).state(left, Clock.systemUTC());
                    waited = new HealthWaiter(new ClusterKubeAccess(cluster))
                            .await(state, WaitOptions.defaults().withProgress(line -> say(text, out, line)));
                    if (text) {
                        WaitCommand.print(waited, out);
                    }
                }
                if (!text) {
                    out.println(json(rendered, synced, waited));
                }
                out.flush();
                return synced.succeeded() && waited != null && waited.healthy() ? 0 : 1;
            }
        } catch (GitopsException e) {
            return ExitCodes.report(spec.commandLine().getErr(), "run", e);
        } finally {
            if (emulator != null) {
                emulator.close();
            }
            if (tempDir != null) {
                // the kubeconfig of the emulator holds its client key: leave nothing behind
                Files.deleteIfExists(tempDir.resolve("kubeconfig"));
                Files.deleteIfExists(tempDir);
            }
        }
    }

    private RenderResult render() {
        return CliRender.render(repo, revision, path, RenderSpec.auto().withAllowEmpty(allowEmpty), null);
    }

    /** {@code render}, {@code sync} and {@code wait} (when it ran): each the engine's one form of that result. */
    private static String json(RenderResult rendered, SyncResult synced, WaitResult waited) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("render", rendered.summary("").toMap());
        root.put("sync", synced.toMap(false));
        if (waited != null) {
            root.put("wait", waited.toMap());
        }
        return ResultJson.write(root);
    }

    private static void say(boolean text, PrintWriter out, String line) {
        if (text) {
            out.println(line);
            out.flush();
        }
    }
}
