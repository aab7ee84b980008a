package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.rollout.KServeCanary;
import io.jenkins.plugins.gitops.rollout.PartitionCanary;
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

    @Parameters(index = "1", paramLabel = "NAME", description = "The Rollout's name (or rollout/NAME); inferenceservice/NAME for a KServe "
            + "canary, statefulset/NAME for a StatefulSet partition.")
    String name;

    @Option(names = "--app", required = true, description = "The app the Rollout belongs to (its tracking annotation or gitops.jenkins.io/app label).")
    String app;

    @Option(names = {"--namespace", "-n"}, description = "The Rollout's namespace (default: the context's).")
    String namespace;

    @Option(names = "--full", description = "promote only: skip the remaining steps, pauses and analysis.")
    boolean full;

    @Option(names = "--weight", description = "promote of an inferenceservice/NAME only: give the latest revision this percent of the traffic "
            + "(canaryTrafficPercent) instead of all of it.")
    Integer weight;

    @Option(names = "--partition", description = "promote of a statefulset/NAME only: the partition to lower to (default 0: every Pod).")
    Integer partition;

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
        String kind = name.contains("/") ? name.substring(0, name.indexOf('/')).toLowerCase(java.util.Locale.ROOT) : "rollout";
        boolean isvc = kind.equals("inferenceservice") || kind.equals("isvc");
        boolean sts = kind.equals("statefulset") || kind.equals("sts");
        if ((weight != null && !isvc) || (partition != null && !sts)) {
            err.println("gitops rollout: --weight applies to inferenceservice/NAME and --partition to statefulset/NAME only");
            err.flush();
            return 2;
        }
        try (Cluster cluster = CliCluster.connect(kubeconfig, context)) {
            String ns = namespace != null ? namespace : cluster.defaultNamespace();
            if (isvc || sts) {
                return other(cluster, ns, name.substring(name.indexOf('/') + 1), isvc, verb, out);
            }
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

    /**
     * The other canaries: a KServe InferenceService (promote, or promote --weight N to move the split;
     * abort: all traffic back to the rolled-out revision) and a StatefulSet by partition (promote
     * lowers it). Other actions have no meaning there and are refused.
     */
    private int other(Cluster cluster, String ns, String n, boolean isvc, RolloutAction verb, PrintWriter out) {
        String kindName = isvc ? "an InferenceService" : "a StatefulSet";
        if (verb != null && verb != RolloutAction.PROMOTE && !(isvc && verb == RolloutAction.ABORT)) {
            throw new RolloutRefusal(verb.label() + " does not apply to " + kindName + ": use " + (isvc ? "promote [--weight N], abort or status"
                    : "promote [--partition N] or status"));
        }
        if (full) {
            throw new RolloutRefusal("--full applies to Argo Rollouts only");
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode json;
        if (isvc) {
            KServeCanary k = new KServeCanary(cluster, null);
            if (verb == null) {
                KServeCanary.Status s = k.status(app, ns, n);
                lines.addAll(s.toText());
                json = s.toJson();
            } else {
                KServeCanary.Result r = verb == RolloutAction.ABORT ? k.rollback(app, ns, n)
                        : weight != null ? k.setTraffic(app, ns, n, weight) : k.promote(app, ns, n);
                lines.add(r.message());
                lines.addAll(r.status().toText());
                json = r.status().toJson().put("message", r.message()).put("patch", r.patches().get(0).json());
            }
        } else {
            PartitionCanary p = new PartitionCanary(cluster, null);
            if (verb == null) {
                PartitionCanary.Status s = p.status(app, ns, n);
                lines.addAll(s.toText());
                json = s.toJson();
            } else {
                PartitionCanary.Result r = p.promote(app, ns, n, partition == null ? 0 : partition);
                lines.add(r.message());
                lines.addAll(r.status().toText());
                json = r.status().toJson().put("message", r.message()).put("patch", r.patches().get(0).json());
            }
        }
        if (output.equals("json")) {
            out.println(json);
        } else {
            lines.forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
