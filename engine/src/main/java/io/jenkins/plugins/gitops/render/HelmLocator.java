package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Chooses which Helm renders on this machine, so a render on any agent either works with what the
 * agent has or says what to install:
 * <ol>
 * <li>the configured {@code helm} binary;</li>
 * <li>for options only a binary honours ({@code apiVersions}), {@code helm} on the PATH;</li>
 * <li>the embedded Helm (helm-java) when its native library for this OS and architecture is on the
 *     class path: the same Helm version on every agent, nothing to install;</li>
 * <li>{@code helm} ({@code helm.exe}) on the PATH;</li>
 * <li>else an error naming the platform, the natives that ship, and what to install.</li>
 * </ol>
 * helm-java itself would take the first native its ServiceLoader finds (a linux-amd64 library on
 * an arm64 Mac, which then fails with an {@link UnsatisfiedLinkError}), or download one from Maven
 * Central at run time; both are avoided by probing for this platform's class here and by
 * {@link HelmRenderer} switching the remote download off.
 */
final class HelmLocator {

    /** The platforms helm-java publishes a native library for ({@code os-arch}). */
    static final List<String> NATIVE_PLATFORMS = List.of("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64");

    /** Where a render goes: the embedded Helm, or a binary. */
    sealed interface Choice permits Embedded, Binary {
    }

    record Embedded() implements Choice {
    }

    record Binary(Path path) implements Choice {
    }

    /** An OS and architecture in helm-java's (and Go's) names: {@code linux}, {@code darwin}, {@code windows}; {@code amd64}, {@code arm64}. */
    record Platform(String os, String arch) {

        static Platform current() {
            return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        }

        /** From Java's {@code os.name} and {@code os.arch} ({@code Mac OS X}, {@code aarch64}, {@code x86_64}, ...). */
        static Platform of(String osName, String osArch) {
            String n = osName.toLowerCase(Locale.ROOT);
            String os = n.contains("win") ? "windows" : n.contains("mac") || n.contains("darwin") ? "darwin" : n.contains("linux") ? "linux" : n;
            String a = osArch.toLowerCase(Locale.ROOT);
            String arch = a.equals("amd64") || a.equals("x86_64") ? "amd64" : a.equals("aarch64") || a.equals("arm64") ? "arm64" : a;
            return new Platform(os, arch);
        }

        String name() {
            return os + "/" + arch;
        }

        /** helm-java's native library class for this platform, if it publishes one. */
        Optional<String> nativeClass() {
            if (!NATIVE_PLATFORMS.contains(os + "-" + arch)) {
                return Optional.empty();
            }
            return Optional.of(nativeClass(os, arch));
        }

        static String nativeClass(String os, String arch) {
            return "com.marcnuri.helm.jni." + os + "." + arch + "." + capital(os) + capital(arch) + "NativeLibrary";
        }

        private static String capital(String s) {
            return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
        }

        String binaryName() {
            return os.equals("windows") ? "helm.exe" : "helm";
        }
    }

    private HelmLocator() {
    }

    /**
     * The choice on this machine, with this class loader's natives and this PATH.
     *
     * @param needsBinary the options need what only a binary does ({@code apiVersions}): then a
     *                    {@code helm} on the PATH comes before the embedded Helm
     */
    static Choice choose(Optional<Path> configured, boolean needsBinary) {
        Platform platform = Platform.current();
        return choose(configured, needsBinary, platform, HelmLocator::onClassPath, () -> Optional.ofNullable(ToolProcess.onPath(platform.binaryName())));
    }

    /**
     * @param nativePresent whether a class (a helm-java native library) can be loaded
     * @param helmOnPath the {@code helm} binary on the PATH, if any
     */
    static Choice choose(Optional<Path> configured, boolean needsBinary, Platform platform, Predicate<String> nativePresent,
            Supplier<Optional<Path>> helmOnPath) {
        if (configured.isPresent()) {
            return new Binary(configured.get());
        }
        if (needsBinary && helmOnPath.get().isPresent()) {
            return new Binary(helmOnPath.get().get());
        }
        if (platform.nativeClass().filter(nativePresent).isPresent()) {
            return new Embedded();
        }
        Optional<Path> onPath = helmOnPath.get();
        if (onPath.isPresent()) {
            return new Binary(onPath.get());
        }
        List<String> shipped = new ArrayList<>();
        for (String p : NATIVE_PLATFORMS) {
            String[] osArch = p.split("-");
            if (nativePresent.test(Platform.nativeClass(osArch[0], osArch[1]))) {
                shipped.add(osArch[0] + "/" + osArch[1]);
            }
        }
        throw new RenderException("helm: this agent (" + platform.name() + ") has no helm binary on the PATH and no helm binary is configured,"
                + " and the embedded Helm has no native library for " + platform.name()
                + (shipped.isEmpty() ? "" : " (it ships for " + String.join(", ", shipped) + " only)")
                + ": install Helm 3 on the agent (https://helm.sh/docs/intro/install/, '" + platform.binaryName()
                + "' on the PATH) or configure the path of a helm binary");
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, HelmLocator.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
