package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.kube.Cluster;
import java.io.File;
import java.nio.file.Path;

/** How every command reaches a cluster: {@code --kubeconfig}, else the first file of {@code $KUBECONFIG}, else {@code ~/.kube/config}. */
final class CliCluster {

    private CliCluster() {
    }

    static Cluster connect(Path kubeconfig, String context) {
        Path file = kubeconfig;
        if (file == null) {
            String env = System.getenv("KUBECONFIG");
            file = env != null && !env.isEmpty() ? Path.of(env.split(File.pathSeparator)[0])
                    : Path.of(System.getProperty("user.home"), ".kube", "config");
        }
        return Cluster.fromKubeconfig(file, context);
    }

    /**
     * A connection made on another thread while the command renders: reading the kubeconfig and
     * building fabric8's client take a cold process some 0.2 s, which a render (12 MB of Kubeflow
     * YAML, 27 cached apps) hides. Its failure is the command's as {@link #connect} would throw it,
     * once the command asks for the cluster; a cluster the command never took is closed.
     */
    static final class Connecting implements AutoCloseable {
        private final java.util.concurrent.CompletableFuture<Cluster> cluster = new java.util.concurrent.CompletableFuture<>();
        private boolean taken;

        static Connecting start(Path kubeconfig, String context) {
            Connecting c = new Connecting();
            Thread t = new Thread(() -> {
                try {
                    c.cluster.complete(connect(kubeconfig, context));
                } catch (RuntimeException | Error e) {
                    c.cluster.completeExceptionally(e);
                }
            }, "gitops-connect");
            t.setDaemon(true);
            t.start();
            return c;
        }

        /** The cluster, now the caller's to close. */
        Cluster get() throws InterruptedException {
            try {
                Cluster c = cluster.get();
                taken = true;
                return c;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw (Error) e.getCause();
            }
        }

        @Override
        public void close() {
            if (!taken) {
                cluster.thenAccept(Cluster::close); // now, or when the connection it no longer needs is made
            }
        }
    }

    /** The API server URL of a connected cluster, without a trailing slash: what AppProject destination servers match. */
    static String server(Cluster c) {
        String url = c.client().getConfiguration().getMasterUrl();
        return url == null ? "" : url.replaceAll("/+$", "");
    }
}
