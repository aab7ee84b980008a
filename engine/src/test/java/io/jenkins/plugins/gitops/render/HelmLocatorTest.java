package io.jenkins.plugins.gitops.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.RenderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Helm renders on an agent: a configured binary, the embedded Helm only where its native
 * library for that platform is on the class path, helm on the PATH, or an error saying what to install.
 */
class HelmLocatorTest {

    private static final String LINUX_AMD64 = "com.marcnuri.helm.jni.linux.amd64.LinuxAmd64NativeLibrary";
    /** What the .hpi ships: helm-java's linux-amd64 native only. */
    private static final Predicate<String> SHIPPED = Set.of(LINUX_AMD64)::contains;

    @TempDir
    Path tmp;

    @Test
    void javaPlatformNamesMapToHelmJavasNatives() {
        assertThat(HelmLocator.Platform.of("Linux", "amd64").nativeClass()).contains(LINUX_AMD64);
        assertThat(HelmLocator.Platform.of("Linux", "aarch64").nativeClass()).contains("com.marcnuri.helm.jni.linux.arm64.LinuxArm64NativeLibrary");
        assertThat(HelmLocator.Platform.of("Mac OS X", "aarch64").nativeClass()).contains("com.marcnuri.helm.jni.darwin.arm64.DarwinArm64NativeLibrary");
        assertThat(HelmLocator.Platform.of("Mac OS X", "x86_64").nativeClass()).contains("com.marcnuri.helm.jni.darwin.amd64.DarwinAmd64NativeLibrary");
        assertThat(HelmLocator.Platform.of("Windows 11", "amd64").nativeClass()).contains("com.marcnuri.helm.jni.windows.amd64.WindowsAmd64NativeLibrary");
        assertThat(HelmLocator.Platform.of("Linux", "s390x").nativeClass()).isEmpty();
        assertThat(HelmLocator.Platform.of("Windows 11", "amd64").binaryName()).isEqualTo("helm.exe");
    }

    @Test
    void theEmbeddedHelmOnlyWhereThisPlatformsNativeShips() {
        Path onPath = tmp.resolve("bin/helm");
        assertThat(HelmLocator.choose(Optional.empty(), false, HelmLocator.Platform.of("Linux", "amd64"), SHIPPED, Optional::empty))
                .isInstanceOf(HelmLocator.Embedded.class);
        // an arm64 Mac with the linux-amd64 native on the class path: helm-java would load that one and fail
        assertThat(HelmLocator.choose(Optional.empty(), false, HelmLocator.Platform.of("Mac OS X", "aarch64"), SHIPPED, () -> Optional.of(onPath)))
                .isEqualTo(new HelmLocator.Binary(onPath));
        assertThat(HelmLocator.choose(Optional.empty(), false, HelmLocator.Platform.of("Linux", "aarch64"), SHIPPED, () -> Optional.of(onPath)))
                .isEqualTo(new HelmLocator.Binary(onPath));
    }

    @Test
    void optionsOnlyABinaryHonoursPreferHelmOnThePath() {
        Path onPath = tmp.resolve("bin/helm");
        assertThat(HelmLocator.choose(Optional.empty(), true, HelmLocator.Platform.of("Linux", "amd64"), SHIPPED, () -> Optional.of(onPath)))
                .isEqualTo(new HelmLocator.Binary(onPath));
        assertThat(HelmLocator.choose(Optional.empty(), true, HelmLocator.Platform.of("Linux", "amd64"), SHIPPED, Optional::empty))
                .isInstanceOf(HelmLocator.Embedded.class);
    }

    @Test
    void aConfiguredBinaryAlwaysWins() {
        Path configured = tmp.resolve("opt/helm");
        assertThat(HelmLocator.choose(Optional.of(configured), false, HelmLocator.Platform.of("Linux", "amd64"), SHIPPED, Optional::empty))
                .isEqualTo(new HelmLocator.Binary(configured));
    }

    @Test
    void withNothingUsableTheErrorSaysWhatToInstall() {
        assertThatThrownBy(() -> HelmLocator.choose(Optional.empty(), false, HelmLocator.Platform.of("Windows 10", "amd64"), SHIPPED, Optional::empty))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("this agent (windows/amd64) has no helm binary on the PATH")
                .hasMessageContaining("no native library for windows/amd64 (it ships for linux/amd64 only)")
                .hasMessageContaining("install Helm 3 on the agent").hasMessageContaining("'helm.exe' on the PATH");
        assertThatThrownBy(() -> HelmLocator.choose(Optional.empty(), false, HelmLocator.Platform.of("Linux", "aarch64"), c -> false, Optional::empty))
                .isInstanceOf(RenderException.class).hasMessageContaining("no native library for linux/arm64:");
    }

    @Test
    void theRendererRunsTheChosenBinaryFromThePathWhenThereIsNoNative() throws IOException {
        Path chart = Files.createDirectories(tmp.resolve("repo/web"));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        Path args = tmp.resolve("args.txt");
        Path helm = FakeHelm.write(tmp.resolve("bin"), args, "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-binary\n");
        HelmLocator.Choice choice = HelmLocator.choose(Optional.empty(), false, HelmLocator.Platform.of("Mac OS X", "aarch64"), SHIPPED, () -> Optional.of(helm));
        HelmRenderer renderer = new HelmRenderer(HelmOptions.release("web").withNamespace("prod").withCapabilities(List.of("x.io/v1"), ""), null, choice);

        List<RenderedObject> objs = renderer.render(chart.getParent(), chart);

        assertThat(objs).extracting(o -> o.object().name()).containsExactly("from-binary");
        assertThat(objs.get(0).source()).contains("web/templates/cm.yaml");
        assertThat(Files.readString(args).strip()).isEqualTo("template web " + chart + " --namespace prod --include-crds --api-versions x.io/v1");
        assertThat(renderer.toolVersion()).isEqualTo("v3.99.0-fake");
    }

    @Test
    void aNativeLibraryThatCannotLoadBecomesAdviceNotAnUnsatisfiedLinkError() {
        assertThatThrownBy(() -> HelmRenderer.embedded(() -> {
            throw new UnsatisfiedLinkError("/tmp/helm-java123/helm-linux-amd64.so: wrong ELF class");
        }, "helm template web"))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("helm template web: the embedded Helm cannot load its native library on this agent (")
                .hasMessageContaining("wrong ELF class").hasMessageContaining("install Helm 3 on the agent");
        assertThatThrownBy(() -> HelmRenderer.embedded(() -> {
            throw new NoClassDefFoundError("Could not initialize class com.marcnuri.helm.Helm");
        }, "helm template web")).isInstanceOf(RenderException.class).hasMessageContaining("install Helm 3");
    }

    @Test
    void theEmbeddedHelmLooksForItsNativeWithThePluginsClassLoaderNotTheThreadsOne() {
        // Jenkins runs steps with a context class loader that does not see the plugin's jars; helm-java's ServiceLoader looks there
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        ClassLoader foreign = new java.net.URLClassLoader(new java.net.URL[0], null);
        t.setContextClassLoader(foreign);
        try {
            assertThat(HelmRenderer.embedded(() -> Thread.currentThread().getContextClassLoader(), "x")).isSameAs(HelmRenderer.class.getClassLoader());
            assertThat(t.getContextClassLoader()).isSameAs(foreign);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void helmJavasRemoteNativeDownloadIsSwitchedOff() {
        new HelmRenderer(HelmOptions.release("r"), null, new HelmLocator.Embedded());
        assertThat(System.getProperty("com.marcnuri.jkube-helm.skipRemoteJar")).isEqualTo("true");
    }
}
