package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.testkit.kube.EmulatorWarmUp;
import io.jenkins.plugins.gitops.testkit.kube.Faults;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import io.jenkins.plugins.gitops.testkit.kube.sim.Failures;
import io.jenkins.plugins.gitops.testkit.kube.sim.Simulators;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitops emulator}: starts the Kubernetes API emulator for people and scripts (kubectl,
 * benchmarks) and writes a kubeconfig for it. Runs until interrupted. It is an emulator, not a
 * cluster: only the controller simulators move status, and nothing runs containers.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Start the Kubernetes API emulator on loopback and write a kubeconfig for it (not a real cluster).")
public final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;

    @Option(names = "--kubeconfig", required = true, description = "Where to write the kubeconfig that points at the emulator.")
    Path kubeconfig;

    @Option(names = "--no-simulators", description = "Do not run the controller simulators (Deployments, Pods, Jobs... then never become ready).")
    boolean noSimulators;

    @Option(names = "--crd-establish-delay", defaultValue = "100ms", converter = Durations.NonNegative.class,
            description = "How long after creation a CRD becomes Established (default: ${DEFAULT-VALUE}).")
    Duration crdDelay;

    @Option(names = "--fault-rate", defaultValue = "0", description = "Share of requests (0..1) answered with 429, 500 or a dropped connection, split evenly.")
    double faultRate;

    @Option(names = "--warm-up", defaultValue = "0", paramLabel = "ROUNDS",
            description = "Before listening, drive this many rounds of a first sync's requests through a scratch emulator, so that"
                    + " the JVM has compiled them before a client is timed (a kube-apiserver compiles nothing; 0, the default: none).")
    int warmUp;

    @Option(names = "--warm-up-manifests", paramLabel = "FILE",
            description = "A multi-document YAML file (a rendered bundle) applied, read and deleted in each warm-up round beside"
                    + " the built-in workload: the paths your workload takes get compiled too.")
    Path warmUpManifests;

    @Override
    public Integer call() throws Exception {
        if (faultRate < 0 || faultRate > 1) {
            throw new IllegalArgumentException("--fault-rate must be between 0 and 1, not " + faultRate);
        }
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be 0 or more rounds, not " + warmUp);
        }
        if (warmUpManifests != null && warmUp == 0) {
            throw new IllegalArgumentException("--warm-up-manifests needs --warm-up ROUNDS (1 or more)");
        }
        List<ObjectNode> extra = List.of();
        if (warmUpManifests != null) {
            try {
                extra = EmulatorWarmUp.read(warmUpManifests);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                throw new IllegalArgumentException("--warm-up-manifests: " + e.getMessage(), e);
            }
        }
        if (warmUp > 0) {
            // the same emulator (simulators and CRD delay) without faults, on a port of its own;
            // its objects go with it, the compiled code stays with the JVM
            try (KubeEmulator scratch = emulator(0, new Faults())) {
                EmulatorWarmUp.Summary s = EmulatorWarmUp.run(scratch, warmUp, extra);
                System.out.println("Warmed up: " + s.rounds() + " rounds, " + s.objects() + " objects, " + s.requests() + " requests in "
                        + s.millis() + " ms, on a scratch emulator now gone");
            }
        }
        Faults faults = new Faults().tooManyRequests(faultRate / 3, 1).serverErrors(faultRate / 3).droppedConnections(faultRate / 3);
        KubeEmulator kube = emulator(port, faults);
        kube.writeKubeconfig(kubeconfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kube.close();
            stopped.countDown();
        }));
        System.out.println("Kubernetes API emulator (not a cluster) listening on " + kube.url());
        System.out.println("kubeconfig written to " + kubeconfig.toAbsolutePath() + "; try: kubectl --kubeconfig " + kubeconfig + " get ns");
        System.out.println("Stop with Ctrl-C.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private KubeEmulator emulator(int onPort, Faults faults) {
        KubeEmulator.Builder b = KubeEmulator.builder().port(onPort).crdEstablishDelay(crdDelay).faults(faults);
        if (!noSimulators) {
            b.controllers(Simulators.all(new Failures()));
        }
        return b.start();
    }
}
