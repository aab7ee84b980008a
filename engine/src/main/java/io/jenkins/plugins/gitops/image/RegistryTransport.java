package io.jenkins.plugins.gitops.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** One {@link HttpClient} per registry host, because trust (custom CA) is per host. */
final class RegistryTransport {

    private final RegistryOptions options;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    RegistryTransport(RegistryOptions options) {
        this.options = options;
    }

    HttpClient client(String host) {
        return clients.computeIfAbsent(host, this::build);
    }

    String baseUrl(String host) {
        return (options.host(host).plainHttp() ? "http://" : "https://") + host;
    }

    private HttpClient build(String host) {
        // Redirects are followed by hand: blob downloads go to storage that rejects our Authorization header.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        Path ca = options.host(host).caCertificates();
        if (ca != null) {
            builder.sslContext(sslContext(host, ca));
        }
        return builder.build();
    }

    /** The JDK's trusted CAs plus the ones in {@code pem}, for this host only. */
    private static SSLContext sslContext(String host, Path pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.isReadable(cacerts)) {
                KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(cacerts)) {
                    jdk.load(in, null);
                }
                for (String alias : java.util.Collections.list(jdk.aliases())) {
                    store.setCertificateEntry("jdk-" + alias, jdk.getCertificate(alias));
                }
            }
            int n = 0;
            try (InputStream in = Files.newInputStream(pem)) {
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("custom-" + n++, cert);
                }
            }
            if (n == 0) {
                throw new RegistryException("registry " + host + ": no certificate in CA file " + pem, 0);
            }
            defaults.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, defaults.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new RegistryException("registry " + host + ": cannot read CA file " + pem + ": " + e.getMessage(), e);
        }
    }
}
