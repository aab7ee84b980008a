package io.jenkins.plugins.gitops.source;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What kind of key an OpenSSH private key text holds, read from its unencrypted public part. */
final class SshKeyType {

    private static final String OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----";

    private SshKeyType() {
    }

    /**
     * Whether {@code privateKey} is an OpenSSH-format Ed25519 key. The key type is stored in the
     * clear in front of the (possibly encrypted) private part, so no passphrase is needed. Any
     * other format, or text that does not decode, is "not Ed25519": the SSH library reports those.
     */
    static boolean isEd25519(String privateKey) {
        int begin = privateKey.indexOf(OPENSSH_BEGIN);
        int end = privateKey.indexOf(OPENSSH_END);
        if (begin < 0 || end < begin) {
            return false;
        }
        String body = privateKey.substring(begin + OPENSSH_BEGIN.length(), end).replaceAll("\\s", "");
        try {
            byte[] decoded = Base64.getDecoder().decode(body);
            // The header is short; the public key blob that names the type follows it within ~100 bytes.
            String head = new String(decoded, 0, Math.min(decoded.length, 128), StandardCharsets.ISO_8859_1);
            return head.startsWith("openssh-key-v1") && head.contains("ssh-ed25519");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
