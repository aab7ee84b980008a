package io.jenkins.plugins.gitops.testkit.helm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small {@code .tgz} archives (ustar headers) for tests: a chart's files, and the hostile
 * entries a chart archive must not be trusted with (paths with {@code ..}, absolute paths, links).
 */
public final class TarGz {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    public static TarGz create() {
        return new TarGz();
    }

    public TarGz file(String name, String content) {
        return entry(name, '0', content.getBytes(StandardCharsets.UTF_8), "");
    }

    public TarGz directory(String name) {
        return entry(name.endsWith("/") ? name : name + "/", '5', new byte[0], "");
    }

    public TarGz symlink(String name, String target) {
        return entry(name, '2', new byte[0], target);
    }

    /** A header claiming {@code size} bytes, followed by that many zero bytes: for size limits. */
    public TarGz sized(String name, int size) {
        return entry(name, '0', new byte[size], "");
    }

    private TarGz entry(String name, char type, byte[] data, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", data.length));
        put(h, 136, 12, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        tar.writeBytes(h);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length > length) {
            throw new IllegalArgumentException("'" + value + "' does not fit in " + length + " bytes");
        }
        System.arraycopy(b, 0, h, offset, b.length);
    }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
            gz.write(new byte[1024]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
