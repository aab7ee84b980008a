package io.jenkins.plugins.gitops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cli/gitops}, the launcher: the JVM options it gives a short-lived command and the server, read
 * from a stand-in {@code java} that writes its arguments down; and that those options start a real JVM
 * next to a user's own heap cap.
 */
class LauncherTest {

    @TempDir
    Path tmp;

    /** The arguments the launcher gives java for {@code args}, with GITOPS_JAVA_OPTS set to {@code userOpts}. */
    private List<String> javaArgs(String userOpts, String... args) throws Exception {
        Path argsFile = tmp.resolve("args");
        Path fakeJava = tmp.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + argsFile + "'\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(tmp.resolve("gitops.jar"), "not read by the stand-in");
        List<String> cmd = new ArrayList<>(List.of("sh", Path.of("gitops").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(Map.of("JAVA", fakeJava.toString(), "GITOPS_JAR", jar.toString(), "GITOPS_CDS", "off",
                "GITOPS_JAVA_OPTS", userOpts));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Files.readAllLines(argsFile);
    }

    @Test
    void aCommandStartsWithTheFirstTierJitTheSerialCollectorAndAHeapSizedForARender() throws Exception {
        List<String> sync = javaArgs("", "sync", "--help");

        assertThat(sync).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:InitialRAMPercentage=4", "-XX:TLABSize=256k");
        assertThat(sync.subList(sync.indexOf("-jar"), sync.size())).containsExactly("-jar", tmp.resolve("gitops.jar").toString(), "sync", "--help");
    }

    @Test
    void theEmulatorRunsWithTheJvmsServerDefaults() throws Exception {
        List<String> emulator = javaArgs("", "emulator", "--help");

        assertThat(emulator).doesNotContain("-XX:TieredStopAtLevel=1", "-XX:InitialRAMPercentage=4");
    }

    @Test
    void aUsersHeapCapComesAfterTheLaunchersOptionsAndTheJvmStartsWithIt() throws Exception {
        List<String> args = javaArgs("-Xmx256m", "sync", "--help");
        assertThat(args.indexOf("-Xmx256m")).isGreaterThan(args.indexOf("-XX:InitialRAMPercentage=4"));

        // the same JVM options, on this JDK: the initial heap is clamped to the cap, no error (an -Xms1g would refuse to start)
        List<String> jvm = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        jvm.addAll(args.subList(0, args.indexOf("-jar")));
        jvm.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(jvm).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(flag(out, "InitialHeapSize")).isEqualTo(flag(out, "MaxHeapSize")).isEqualTo(256L << 20);
    }

    private static long flag(String printFlagsFinal, String name) throws IOException {
        return printFlagsFinal.lines().filter(l -> l.matches("\\s*\\S+\\s+" + name + "\\s+=.*")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll(".*=\\s*(\\d+).*", "$1"))).orElseThrow(() -> new IOException(name + " not printed"));
    }
}
