package io.jenkins.plugins.gitops.testkit.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * A freshly generated SSH key pair for tests, with its private key in OpenSSH format (what
 * {@code ssh-keygen} writes and users paste into credentials), optionally passphrase-protected
 * (bcrypt KDF, AES-256-CTR, as {@code ssh-keygen -N} does). Generated per test run, so no key
 * material lives in the repository.
 *
 * <p>RSA and ECDSA keys are written by MINA sshd's OpenSSH writer. MINA sshd handles Ed25519 only
 * with an EdDSA provider (net.i2p eddsa or BouncyCastle), which neither JGit nor this project
 * brings, so {@link #ed25519()} encodes the OpenSSH format itself (unencrypted only): enough to
 * show what a user's Ed25519 key does without such a provider.
 *
 * @param type {@code ed25519}, {@code ecdsa} (P-256) or {@code rsa}
 * @param privateKey the OpenSSH private key text
 * @param publicKey the public key, for {@link SshGitServer#authorize}
 * @param passphrase the passphrase the private key is encrypted with, if any
 */
public record SshIdentity(String type, String privateKey, PublicKey publicKey, Optional<String> passphrase) {

    /** An Ed25519 key (the JDK's own EdDSA), unencrypted; {@link #publicKey()} is the JDK's key. */
    public static SshIdentity ed25519() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SshIdentity("ed25519", OpenSshEd25519.privateKey(pair), pair.getPublic(), Optional.empty());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key", e);
        }
    }

    /** A P-256 ECDSA key, unencrypted. */
    public static SshIdentity ecdsa() {
        return generate("ecdsa", Optional.empty());
    }

    /** A 3072-bit RSA key, unencrypted. */
    public static SshIdentity rsa() {
        return generate("rsa", Optional.empty());
    }

    /** The same kind of key, newly generated and encrypted with {@code passphrase}. */
    public static SshIdentity generate(String type, Optional<String> passphrase) {
        try {
            KeyPairGenerator generator = switch (type) {
                case "ecdsa" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                    yield g;
                }
                case "rsa" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(3072);
                    yield g;
                }
                default -> throw new IllegalArgumentException("unknown key type " + type + " (ecdsa or rsa; ed25519 has its own method)");
            };
            KeyPair pair = generator.generateKeyPair();
            OpenSSHKeyEncryptionContext encryption = null;
            if (passphrase.isPresent()) {
                encryption = new OpenSSHKeyEncryptionContext();
                encryption.setCipherName("AES");
                encryption.setCipherType("256");
                encryption.setCipherMode("CTR");
                encryption.setPassword(passphrase.get());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "gitops-test", encryption, out);
            return new SshIdentity(type, out.toString(StandardCharsets.US_ASCII), pair.getPublic(), passphrase);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an " + type + " key", e);
        }
    }

    /** The public key as an {@code authorized_keys} / {@code known_hosts} key field: {@code ssh-rsa AAAA...}. */
    public String publicKeyLine() {
        return type.equals("ed25519") ? OpenSshEd25519.publicKeyLine(publicKey) : PublicKeyEntry.toString(publicKey);
    }

    @Override
    public String toString() {
        return "SshIdentity[" + type + (passphrase.isPresent() ? ", encrypted" : "") + "]";
    }
}
