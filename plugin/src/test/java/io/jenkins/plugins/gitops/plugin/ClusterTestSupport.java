package io.jenkins.plugins.gitops.plugin;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.plugin.cluster.GitopsGlobalConfiguration;
import io.jenkins.plugins.gitops.plugin.cluster.NamedCluster;
import io.jenkins.plugins.gitops.testkit.kube.KubeEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** Cluster credentials pointing at a test's Kubernetes emulator. */
public final class ClusterTestSupport {

    private ClusterTestSupport() {
    }

    /** A Secret file credential {@code id} holding the emulator's kubeconfig. */
    public static void kubeconfigCredential(String id, KubeEmulator kube) throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(new FileCredentialsImpl(CredentialsScope.GLOBAL, id, "emulator",
                "kubeconfig", SecretBytes.fromRawBytes(kube.kubeconfig().getBytes(StandardCharsets.UTF_8))));
        SystemCredentialsProvider.getInstance().save();
    }

    /** A named cluster {@code name} (every job, every namespace) reaching the emulator through kubeconfig credential {@code id}. */
    public static NamedCluster namedCluster(String name, String id) {
        NamedCluster c = new NamedCluster(name);
        c.setCredentialsId(id);
        GitopsGlobalConfiguration.get().setClusters(java.util.List.of(c));
        return c;
    }

    /** A Secret text credential {@code id} holding a token (the emulator accepts any). */
    public static void tokenCredential(String id, String token) throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "token", Secret.fromString(token)));
        SystemCredentialsProvider.getInstance().save();
    }

    public static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  k: v\n";
    }

    public static String deployment(String name) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec: {containers: [{name: main, image: "nginx:1.27"}]}
                """.formatted(name, name, name);
    }
}
