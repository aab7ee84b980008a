package io.jenkins.plugins.gitops.testkit.kube.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What the simulators should make go wrong, shared by all of them and changeable while a test
 * runs. Names and images are matched with globs ({@code *} any run of characters).
 */
public final class Failures {

    /** Realistic ways a Pod fails. */
    public enum PodFailure {
        /** The image cannot be pulled: waiting reason ImagePullBackOff, a Warning event "Failed to pull image". */
        IMAGE_PULL_BACK_OFF,
        /** The container exits 1 again and again: waiting reason CrashLoopBackOff, last state terminated with exit code 1. */
        CRASH_LOOP_BACK_OFF,
        /** No node fits: PodScheduled False, reason Unschedulable, a FailedScheduling event. */
        UNSCHEDULABLE
    }

    private final Map<String, PodFailure> images = new ConcurrentHashMap<>();
    private final Map<String, String> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> resources = new ConcurrentHashMap<>();
    private final Map<String, Boolean> pendingClaims = new ConcurrentHashMap<>();
    private final Map<String, List<String>> logs = new ConcurrentHashMap<>();
    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();

    /** How a simulated AnalysisRun metric concludes (Argo Rollouts' AnalysisPhase), as a test decides. */
    public enum AnalysisOutcome {
        SUCCESSFUL("Successful"), FAILED("Failed"), ERROR("Error"), INCONCLUSIVE("Inconclusive"),
        /** Keeps measuring, never concluding, until the test decides otherwise. */
        RUNNING("Running");

        private final String phase;

        AnalysisOutcome(String phase) {
            this.phase = phase;
        }

        /** The phase the AnalysisRun controller writes. */
        public String phase() {
            return phase;
        }
    }

    /** An outcome and the measured value (or the provider's error, for ERROR) to report with it. */
    record Analysis(AnalysisOutcome outcome, String value) {
    }

    /** Pods running an image that matches the glob fail this way. */
    public Failures image(String imageGlob, PodFailure failure) {
        images.put(imageGlob, failure);
        return this;
    }

    /** Jobs whose name matches the glob fail with BackoffLimitExceeded. */
    public Failures job(String nameGlob) {
        jobs.put(nameGlob, "BackoffLimitExceeded");
        return this;
    }

    /** Custom resources whose {@code Kind/name} matches get Ready=False with this reason. */
    public Failures resource(String kindSlashNameGlob, String reason) {
        resources.put(kindSlashNameGlob, reason);
        return this;
    }

    /** PersistentVolumeClaims whose name matches stay Pending (no volume). */
    public Failures pendingClaim(String nameGlob) {
        pendingClaims.put(nameGlob, true);
        return this;
    }

    /**
     * Containers running an image that matches the glob write these log lines (each run: a
     * crash-looping container's previous run too). Without it a running container logs one
     * default line and a crashing one a default error.
     */
    public Failures log(String imageGlob, String... lines) {
        logs.put(imageGlob, List.of(lines));
        return this;
    }

    /**
     * AnalysisRun metrics whose name matches the glob conclude this way, measuring {@code value}
     * (for {@link AnalysisOutcome#ERROR}: the provider's error message). Metrics nothing matches
     * succeed. Changeable while a run is Running: runs are measured again until they conclude.
     */
    public Failures analysis(String metricGlob, AnalysisOutcome outcome, String value) {
        analyses.put(metricGlob, new Analysis(outcome, value));
        return this;
    }

    public Failures analysis(String metricGlob, AnalysisOutcome outcome) {
        return analysis(metricGlob, outcome, outcome == AnalysisOutcome.ERROR ? "query failed: connection refused" : "[0.99]");
    }

    public Failures clear() {
        analyses.clear();
        images.clear();
        jobs.clear();
        resources.clear();
        pendingClaims.clear();
        logs.clear();
        return this;
    }

    Optional<PodFailure> forImage(String image) {
        return images.entrySet().stream().filter(e -> glob(e.getKey(), image)).map(Map.Entry::getValue).findFirst();
    }

    Optional<List<String>> logFor(String image) {
        return logs.entrySet().stream().filter(e -> glob(e.getKey(), image)).map(Map.Entry::getValue).findFirst();
    }

    Analysis analysisFor(String metric) {
        return analyses.entrySet().stream().filter(e -> glob(e.getKey(), metric)).map(Map.Entry::getValue).findFirst()
                .orElse(new Analysis(AnalysisOutcome.SUCCESSFUL, "[0.99]"));
    }

    boolean jobFails(String name) {
        return jobs.keySet().stream().anyMatch(g -> glob(g, name));
    }

    Optional<String> resourceFailure(String kind, String name) {
        return resources.entrySet().stream().filter(e -> glob(e.getKey(), kind + "/" + name)).map(Map.Entry::getValue).findFirst();
    }

    boolean claimPending(String name) {
        return pendingClaims.keySet().stream().anyMatch(g -> glob(g, name));
    }

    static boolean glob(String glob, String text) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(re.toString(), text);
    }
}
