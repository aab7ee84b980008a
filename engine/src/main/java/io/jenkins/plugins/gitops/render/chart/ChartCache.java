package io.jenkins.plugins.gitops.render.chart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Unpacked charts on disk, one folder per repository URL + chart + version (+ the archive digest
 * when the repository announces it, so a re-published chart is a new entry rather than a stale
 * hit). An entry is written once and never changed: it is unpacked in a temporary folder next to
 * it and renamed into place, so a reader sees a whole entry or none, and two renders that fetch
 * the same chart at once both succeed (the second rename loses and its copy is dropped).
 */
public final class ChartCache {

    /** Writes a chart archive to a file; the fetcher for one repository kind. */
    @FunctionalInterface
    interface Download {
        void to(Path file);
    }

    private static final String DIGEST_FILE = "archive.digest";
    private static final String FOLDER_FILE = "chart.folder";

    private final Path dir;

    public ChartCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** {@code $XDG_CACHE_HOME/gitops/charts} or {@code ~/.cache/gitops/charts}. */
    public static ChartCache userDefault() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return new ChartCache(base.resolve("gitops").resolve("charts"));
    }

    public Path directory() {
        return dir;
    }

    /**
     * The chart from the cache, or downloaded, verified against {@code expectedDigest} (when the
     * repository gave one) and unpacked into the cache.
     */
    FetchedChart get(String repoURL, String chart, String version, Optional<String> expectedDigest, String where, Download download) {
        Optional<String> expected = expectedDigest.map(ChartCache::normalizeDigest);
        Path entry = dir.resolve(sha256Hex(String.join("\n", repoURL, chart, version, expected.orElse(""))));
        Optional<FetchedChart> hit = read(entry, repoURL, chart, version, false);
        if (hit.isPresent()) {
            return hit.get();
        }
        Path tmp = null;
        Path archive = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, entry.getFileName() + ".tmp-");
            archive = Files.createTempFile(dir, entry.getFileName() + ".tgz-", ".tmp");
            download.to(archive);
            String actual = "sha256:" + sha256Hex(archive);
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new ChartException(where + ": digest mismatch: the repository announces " + expected.get()
                        + " but the downloaded archive is " + actual + "; refusing to use it");
            }
            String folder = ChartArchive.unpack(archive, tmp, where);
            Files.writeString(tmp.resolve(DIGEST_FILE), actual, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(FOLDER_FILE), folder, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (IOException raced) {
                // Another render installed the same entry first (rename(2) says "Directory not
                // empty", which the JDK does not always map to DirectoryNotEmptyException):
                // theirs is as good as ours. Anything else is a real failure.
                if (read(entry, repoURL, chart, version, true).isEmpty()) {
                    throw raced;
                }
            }
            return read(entry, repoURL, chart, version, true)
                    .orElseThrow(() -> new ChartException(where + ": chart cache entry " + entry + " is incomplete"));
        } catch (IOException e) {
            throw new ChartException(where + ": chart cache " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(archive);
        }
    }

    private static Optional<FetchedChart> read(Path entry, String repoURL, String chart, String version, boolean downloaded) {
        try {
            if (!Files.isRegularFile(entry.resolve(DIGEST_FILE)) || !Files.isRegularFile(entry.resolve(FOLDER_FILE))) {
                return Optional.empty();
            }
            String digest = Files.readString(entry.resolve(DIGEST_FILE), StandardCharsets.UTF_8).strip();
            Path folder = entry.resolve(Files.readString(entry.resolve(FOLDER_FILE), StandardCharsets.UTF_8).strip()).normalize();
            if (!folder.startsWith(entry) || !Files.isRegularFile(folder.resolve("Chart.yaml"))) {
                return Optional.empty();
            }
            return Optional.of(new FetchedChart(repoURL, chart, version, digest, entry, folder, downloaded));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Indexes write the bare hex; OCI writes {@code sha256:hex}. */
    static String normalizeDigest(String digest) {
        String d = digest.strip().toLowerCase(java.util.Locale.ROOT);
        return d.startsWith("sha256:") ? d : "sha256:" + d;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder costs disk space only
        }
    }
}
