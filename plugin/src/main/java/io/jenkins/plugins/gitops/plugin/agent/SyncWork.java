package io.jenkins.plugins.gitops.plugin.agent;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.ApiCallCounter;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.policy.PolicyException;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.RenderedSet;
import io.jenkins.plugins.gitops.sync.DriftCheck;
import io.jenkins.plugins.gitops.sync.ObjectResult;
import io.jenkins.plugins.gitops.sync.SyncEngine;
import io.jenkins.plugins.gitops.sync.SyncOptions;
import io.jenkins.plugins.gitops.sync.SyncResult;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * One call of the sync engine (sync, diff or rollback) where the work runs: on the agent for
 * {@link SyncCallable}, on the controller for a rollback and the drift trigger. Nothing here
 * decides what to apply; it builds the engine's values, calls it, and returns the masked copy of its result.
 */
public final class SyncWork {

    private SyncWork() {
    }

    /**
     * @param manifestsText the rendered manifests (null for a rollback, which takes them from history)
     * @param source        where the manifests came from, for error messages
     */
    public static SyncOutcome run(SyncRequest req, ClusterAccess access, @CheckForNull String manifestsText, String source, PrintStream log)
            throws AbortException, InterruptedException {
        Masker masker = new Masker(access.secrets());
        String step = req.step();
        Cluster cluster = null;
        SyncProgress progress = new SyncProgress(step, log, masker);
        try {
            cluster = Cluster.of(access.config());
            // a named cluster's restrictions: the engine refuses what they do not admit before its first write
            SyncOptions opts = req.options(cluster.defaultNamespace()).toBuilder().listener(progress).policy(access.policy()).build();
            SyncEngine engine = new SyncEngine(cluster);
            SyncResult r;
            if (req.mode() == SyncMode.DRIFT) {
                log.println(step + ": app " + req.app() + ": live state against the manifests of its last sync");
                r = engine.diffLastApplied(opts).orElseThrow(() -> new io.jenkins.plugins.gitops.sync.SyncException("app " + req.app()
                        + " has no sync history yet: nothing to compare the live state with (the first gitopsSync records it)"));
            } else if (req.mode() == SyncMode.ROLLBACK) {
                log.println(step + ": app " + req.app() + " to " + (req.historyId() > 0 ? "history entry " + req.historyId() : "the previous history entry"));
                r = engine.rollback(req.historyId(), opts);
            } else {
                RenderedSet set = RenderedSet.of(ManifestParser.parse(manifestsText == null ? "" : manifestsText, source), req.revision(), "file", "");
                log.println(step + ": app " + req.app() + ", " + set.size() + " object(s) from " + source
                        + (req.revision().isEmpty() ? "" : " at " + RenderRunner.shortSha(req.revision())) + " into namespace "
                        + opts.namespace() + (opts.dryRun() ? " (dry run)" : ""));
                r = req.mode() == SyncMode.DIFF ? engine.diff(set, opts) : engine.sync(set, opts);
            }
            // dry runs carry every diff; real syncs those of the objects they changed
            for (ObjectResult o : r.objects()) {
                if (!o.diff().isEmpty()) {
                    log.print(masker.mask(o.diff()));
                }
            }
            log.print(masker.mask(r.table()));
            return SyncOutcome.of(r, masker);
        } catch (GitopsException | IllegalArgumentException e) {
            if (Thread.interrupted() || isInterruption(e)) {
                // the engine's listener knows which objects were written; the call counter, the requests that were sent
                String applied = progress.abortSummary() + " (" + (cluster == null ? "nothing was written" : written(cluster.calls())) + ")";
                log.println(step + ": " + applied + ". The app's history records this sync as failed with what it wrote, and its inventory"
                        + " tracks every object it was about to write: run " + (req.mode() == SyncMode.ROLLBACK ? "gitopsRollback" : "gitopsSync")
                        + " again to finish (with prune: true to remove what is no longer wanted), or gitopsDiff to see what differs.");
                throw new InterruptedException(step + " " + applied);
            }
            String refused = e instanceof PolicyException && access.restrictions() != null
                    ? "cluster '" + access.restrictions().cluster() + "' refuses, nothing was written:\n" : "";
            throw new AbortException(step + ": " + refused + masker.mask(e.getMessage()));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new AbortException(step + ": " + masker.mask(e.getMessage()));
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** One app of a drift poll: its diff against its last sync, or why it could not be compared (masked). */
    public record AppDrift(String app, @CheckForNull SyncOutcome outcome, String error) {
    }

    /**
     * The drift of many apps in one call of the engine's {@link DriftCheck}: one LIST per kind and
     * namespace scope for all of them, not a request per object or per app. An app without history,
     * or one that cannot be compared, comes back with its error; the others are compared.
     */
    public static java.util.List<AppDrift> drift(java.util.List<String> apps, SyncRequest req, ClusterAccess access, PrintStream log)
            throws AbortException {
        Masker masker = new Masker(access.secrets());
        try (Cluster cluster = Cluster.of(access.config())) {
            SyncOptions opts = req.options(cluster.defaultNamespace()).toBuilder().policy(access.policy()).build();
            log.println(req.step() + ": " + apps.size() + " app(s): live state against the manifests of their last syncs");
            java.util.List<AppDrift> out = new java.util.ArrayList<>();
            for (DriftCheck.AppDrift d : new DriftCheck(cluster).check(apps, opts)) {
                if (d.result().isPresent()) {
                    SyncResult r = d.result().get();
                    out.add(new AppDrift(d.app(), SyncOutcome.of(r, masker), ""));
                } else {
                    out.add(new AppDrift(d.app(), null, masker.mask(d.error().isEmpty() ? "app " + d.app() + " has no sync history yet: nothing"
                            + " to compare the live state with (the first gitopsSync records it)" : d.error())));
                }
            }
            log.println(req.step() + ": " + cluster.calls().snapshot() + " API call(s) by verb for the whole poll");
            return out;
        } catch (GitopsException | IllegalArgumentException | io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new AbortException(req.step() + ": " + masker.mask(String.valueOf(e.getMessage())));
        }
    }

    private static boolean isInterruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** What reached the API server before an abort, by verb: "3 write(s) were sent (apply 2, delete 1)". */
    static String written(ApiCallCounter calls) {
        Map<String, Long> writes = new TreeMap<>();
        for (String verb : ApiCallCounter.WRITES) {
            long n = calls.count(verb);
            if (n > 0) {
                writes.put(verb, n);
            }
        }
        if (writes.isEmpty()) {
            return "no write had been sent to the cluster";
        }
        StringBuilder b = new StringBuilder();
        writes.forEach((verb, n) -> b.append(b.length() == 0 ? "" : ", ").append(verb).append(' ').append(n));
        return calls.writes() + " write(s) had been sent to the cluster (" + b + ")";
    }
}
