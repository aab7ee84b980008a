package io.jenkins.plugins.gitops.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust for one HTTP client: the JDK's CAs plus those of a PEM file. For registries and
 * services behind an internal CA, without touching the JVM-wide trust store of a Jenkins agent.
 */
public final class ExtraCas {

    private ExtraCas() {
    }

    /**
     * @throws IOException when the file cannot be read or holds no certificate (the message says which)
     */
    public static SSLContext sslContext(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (Files.isReadable(cacerts)) {
            KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(cacerts)) {
                jdk.load(in, null);
            }
            for (String alias : Collections.list(jdk.aliases())) {
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
            throw new IOException("no certificate in CA file " + pem);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
