package io.jenkins.plugins.gitops.render;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A test double for the {@code helm} binary: a shell script that records its arguments and prints
 * a fixed render for {@code template} (and a version for {@code version}).
 */
final class FakeHelm {

    private FakeHelm() {
    }

    static Path write(Path dir, Path argsFile, String render) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "skipped: no /bin/sh for the fake helm script");
        Files.createDirectories(dir);
        Path output = dir.resolve("render.yaml");
        Files.writeString(output, render);
        Path helm = dir.resolve("helm");
        Files.writeString(helm, "#!/bin/sh\n"
                + "if [ \"$1\" = version ]; then echo v3.99.0-fake; exit 0; fi\n"
                + "echo \"$@\" > '" + argsFile + "'\n"
                + "cat '" + output + "'\n");
        Files.setPosixFilePermissions(helm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return helm;
    }
}
