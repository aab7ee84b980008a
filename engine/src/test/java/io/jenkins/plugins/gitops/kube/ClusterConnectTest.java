package io.jenkins.plugins.gitops.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.Config;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways to reach a cluster besides a kubeconfig: a client certificate from a PKCS#12 keystore
 * (against a TLS server that demands one, since the emulator speaks plain HTTP) and the pod's
 * service account (from a fake service account folder).
 */
class ClusterConnectTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    /** A PKCS#12 keystore with one key pair and a self-signed certificate, made by the JDK's keytool. */
    private KeyStore keystore(String name, String keyalg, String dname, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", keyalg, "-dname", dname, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD)));
        if (san != null) {
            cmd.addAll(List.of("-ext", "SAN=" + san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    @Test
    void aClientCertificateFromAKeystoreIsPresentedToTheApiServer() throws Exception {
        KeyStore serverKs = keystore("server", "EC", "CN=localhost", "ip:127.0.0.1");
        for (String alg : List.of("RSA", "EC")) {
            KeyStore clientKs = keystore("client-" + alg, alg, "CN=jenkins-" + alg, null);
            ClientCertificate cert = ClientCertificate.fromKeyStore(clientKs, PASSWORD);
            assertThat(cert.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
            assertThat(cert.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
            assertThat(cert.keyAlgorithm()).isEqualTo(alg);
            assertThat(cert.toString()).doesNotContain("BEGIN");

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("client", clientKs.getCertificate("client-" + alg));
            AtomicReference<String> seen = new AtomicReference<>("");
            HttpsServer server = tlsServer(serverKs, trusted, seen);
            try {
                String url = "https://127.0.0.1:" + server.getAddress().getPort();
                String caPem = ClientCertificate.fromKeyStore(serverKs, PASSWORD).certificatePem();
                try (Cluster cluster = Cluster.fromCertificate(url, caPem, cert, "ml")) {
                    assertThat(cluster.defaultNamespace()).isEqualTo("ml");
                    assertThat(cluster.client().raw(url + "/version")).contains("\"gitVersion\"");
                }
                assertThat(seen.get()).isEqualTo("CN=jenkins-" + alg);
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void certificateConfigNeedsHttpsAndAKeyPair() throws Exception {
        assertThatThrownBy(() -> ClusterConfig.certificate("http://k8s:6443", "", new ClientCertificate("c", "k", "RSA"), ""))
                .hasMessageContaining("https://");
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThatThrownBy(() -> ClientCertificate.fromKeyStore(empty, PASSWORD)).hasMessageContaining("no private key");
        Config c = ClusterConfig.certificate("https://k8s:6443", "", new ClientCertificate("CERT", "KEY", "EC"), "");
        assertThat(c.getCaCertData()).isNull();
        assertThat(new String(java.util.Base64.getDecoder().decode(c.getClientKeyData()), StandardCharsets.UTF_8)).isEqualTo("KEY");
    }

    private static HttpsServer tlsServer(KeyStore serverKs, KeyStore trusted, AtomicReference<String> seen) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serverKs, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                var p = ssl.getDefaultSSLParameters();
                p.setNeedClientAuth(true); // no client certificate, no handshake
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            var peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            seen.set(((X509Certificate) peer[0]).getSubjectX500Principal().getName());
            byte[] body = "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void inClusterReadsThePodsServiceAccount() throws Exception {
        Path sa = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.writeString(sa.resolve("token"), "token-1\n");
        Files.writeString(sa.resolve("namespace"), "jenkins");
        Config c = ClusterConfig.inCluster(sa, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));
        assertThat(c.getMasterUrl()).startsWith("https://10.96.0.1:443");
        assertThat(c.getNamespace()).isEqualTo("jenkins");
        assertThat(c.getOauthTokenProvider().getToken()).isEqualTo("token-1");
        Files.writeString(sa.resolve("token"), "token-2"); // the kubelet rotated it
        assertThat(c.getOauthTokenProvider().getToken()).isEqualTo("token-2");
        assertThat(ClusterConfig.inCluster(sa, Map.of("KUBERNETES_SERVICE_HOST", "fd00::1")).getMasterUrl()).startsWith("https://[fd00::1]:443");
    }

    @Test
    void inClusterOutsideAPodSaysSo() throws Exception {
        assertThatThrownBy(() -> ClusterConfig.inCluster(dir, Map.of()))
                .isInstanceOf(KubeApiException.class).hasMessageContaining("not running in a Kubernetes pod");
        assertThatThrownBy(() -> ClusterConfig.inCluster(dir, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1")))
                .hasMessageContaining("no service account token at " + dir.resolve("token"));
    }

    /** fabric8 says "An error has occurred." for a client key it cannot load: the engine's error names the server and the cause. */
    @Test
    void aClientKeyThatCannotBeLoadedIsAGitopsErrorNamingTheServerNotTheKey() {
        String key = java.util.Base64.getEncoder().encodeToString("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
                .getBytes(StandardCharsets.UTF_8));
        String cert = java.util.Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.UTF_8));
        String kubeconfig = "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: k, cluster: {server: 'https://127.0.0.1:6443'}}]\n"
                + "users: [{name: u, user: {client-certificate-data: " + cert + ", client-key-data: " + key + "}}]\n"
                + "contexts: [{name: c, context: {cluster: k, user: u}}]\n";
        assertThatThrownBy(() -> Cluster.fromKubeconfig(kubeconfig, null).close())
                .isInstanceOf(io.jenkins.plugins.gitops.GitopsException.class)
                .hasMessageContaining("cannot build a Kubernetes client for https://127.0.0.1:6443")
                .hasMessageNotContaining(key).hasMessageNotContaining("bm90IGEga2V5");
    }
}
