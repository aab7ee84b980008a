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

    /** The API server URL of a connected cluster, without a trailing slash: what AppProject destination servers match. */
    static String server(Cluster c) {
        String url = c.client().getConfiguration().getMasterUrl();
        return url == null ? "" : url.replaceAll("/+$", "");
    }
}
