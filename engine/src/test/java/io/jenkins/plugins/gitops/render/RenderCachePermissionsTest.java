package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendered sets hold Secrets as Git has them: the cache on disk is readable by its owner only. */
class RenderCachePermissionsTest {

    @TempDir
    Path tmp;

    @Test
    void theDirectoryIs0700AndItsFiles0600EvenWhenTheDirectoryWasMadeWider() throws Exception {
        RenderedSet set = RenderedSet.of(ManifestParser.parse("""
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: default}
                stringData: {password: hunter2}
                """, "s.yaml"), "abc", "directory", "");
        Path dir = tmp.resolve("renders");
        new RenderCache(Optional.of(dir), 4, line -> { }).put("k1", set); // an entry: its meta file and its objects (no tool output for a folder)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(files(dir)).hasSize(2).allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // as an older version left it
        new RenderCache(Optional.of(dir), 4, line -> { }).put("k2", set);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(files(dir)).hasSize(4).allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------"));
        assertThat(new RenderCache(Optional.of(dir), 4, line -> { }).get("k1")).contains(set);
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
