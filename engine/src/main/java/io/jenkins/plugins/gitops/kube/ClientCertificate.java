package io.jenkins.plugins.gitops.kube;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * A client certificate (chain) and its private key in PEM, the form a kubeconfig and fabric8 take.
 * Built from a PKCS#12 keystore (Jenkins' certificate credentials hold one) where the credential is
 * read; the PEM texts then travel to where the cluster is spoken to. {@link #toString()} shows
 * neither.
 *
 * @param certificatePem the certificate chain, leaf first
 * @param keyPem         the private key, PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param keyAlgorithm   {@code RSA} or {@code EC}: fabric8 needs it to read a PKCS#8 key
 */
public record ClientCertificate(String certificatePem, String keyPem, String keyAlgorithm) implements java.io.Serializable {

    /**
     * The first entry of the keystore that holds a private key with a certificate.
     *
     * @param password the key's password (the keystore's, for PKCS#12); null or empty for none
     */
    public static ClientCertificate fromKeyStore(KeyStore keyStore, char[] password) {
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (!keyStore.isKeyEntry(alias)) {
                    continue;
                }
                Key key = keyStore.getKey(alias, password == null ? new char[0] : password);
                Certificate[] chain = keyStore.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    StringBuilder certs = new StringBuilder();
                    for (Certificate c : chain) {
                        certs.append(pem("CERTIFICATE", c.getEncoded()));
                    }
                    return new ClientCertificate(certs.toString(), pem("PRIVATE KEY", pk.getEncoded()), pk.getAlgorithm());
                }
            }
        } catch (GeneralSecurityException e) {
            // the message names the alias or the algorithm, never key material
            throw new KubeApiException("client certificate: cannot read the keystore: " + e.getMessage(), 0, "", e);
        }
        throw new KubeApiException("client certificate: the keystore holds no private key with a certificate", 0, "", null);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "ClientCertificate[****]";
    }
}
