package io.jenkins.plugins.gitops.testkit.git;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Base64;

/**
 * The OpenSSH encodings of a JDK Ed25519 key pair ({@code PROTOCOL.key} and RFC 8709), unencrypted:
 * MINA sshd cannot write them without an EdDSA provider.
 */
final class OpenSshEd25519 {

    private static final String TYPE = "ssh-ed25519";

    private OpenSshEd25519() {
    }

    static String privateKey(KeyPair pair) {
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        byte[] pub = publicBytes(pair.getPublic());
        byte[] publicBlob = publicBlob(pub);
        ByteArrayOutputStream privateSection = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(privateSection)) {
            int check = new SecureRandom().nextInt();
            out.writeInt(check);
            out.writeInt(check);
            string(out, TYPE.getBytes(StandardCharsets.US_ASCII));
            string(out, pub);
            byte[] secret = new byte[64]; // OpenSSH keeps seed || public key
            System.arraycopy(seed, 0, secret, 0, 32);
            System.arraycopy(pub, 0, secret, 32, 32);
            string(out, secret);
            string(out, "gitops-test".getBytes(StandardCharsets.US_ASCII));
            for (int pad = 1; (privateSection.size() % 8) != 0; pad++) {
                out.writeByte(pad);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.write("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
            string(out, "none".getBytes(StandardCharsets.US_ASCII));
            string(out, "none".getBytes(StandardCharsets.US_ASCII));
            string(out, new byte[0]);
            out.writeInt(1);
            string(out, publicBlob);
            string(out, privateSection.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(all.toByteArray());
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    static String publicKeyLine(PublicKey key) {
        return TYPE + " " + Base64.getEncoder().encodeToString(publicBlob(publicBytes(key)));
    }

    private static byte[] publicBlob(byte[] pub) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(blob)) {
            string(out, TYPE.getBytes(StandardCharsets.US_ASCII));
            string(out, pub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return blob.toByteArray();
    }

    /** RFC 8032 encoding: y little-endian in 32 bytes, the parity of x in the top bit. */
    private static byte[] publicBytes(PublicKey key) {
        EdECPublicKey ed = (EdECPublicKey) key;
        byte[] bigEndian = ed.getPoint().getY().toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (ed.getPoint().isXOdd()) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }
}
