package io.jenkins.plugins.gitops.render.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gitops.testkit.helm.TarGz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chart archive is input from the network: hostile entries are refused before anything lands outside the target. */
class ChartArchiveTest {

    @TempDir
    Path tmp;

    private String unpack(TarGz archive) throws IOException {
        Path file = tmp.resolve("chart.tgz");
        Files.write(file, archive.build());
        return ChartArchive.unpack(file, Files.createTempDirectory(tmp, "out"), "repo: chart 'x' version 1");
    }

    private static TarGz chart() {
        return TarGz.create().directory("x").file("x/Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0.0\n");
    }

    @Test
    void aWellFormedChartIsUnpackedUnderItsTopFolder() throws IOException {
        Path file = tmp.resolve("chart.tgz");
        Files.write(file, chart().file("x/templates/cm.yaml", "kind: ConfigMap\n").build());

        assertThat(ChartArchive.unpack(file, Files.createDirectories(tmp.resolve("out")), "w")).isEqualTo("x");
        assertThat(tmp.resolve("out/x/templates/cm.yaml")).hasContent("kind: ConfigMap");
    }

    @Test
    void aRealHelmPackageIsUnpacked() throws IOException {
        Path file = tmp.resolve("web.tgz");
        Files.write(file, TestCharts.archive(tmp.resolve("src"), "web", "0.1.0"));

        assertThat(ChartArchive.unpack(file, Files.createDirectories(tmp.resolve("web")), "w")).isEqualTo("web");
        assertThat(tmp.resolve("web/web/templates/configmap.yaml")).exists();
    }

    @Test
    void entriesLeavingTheFolderAreRefused() {
        assertThatThrownBy(() -> unpack(chart().file("x/../../evil.txt", "pwned")))
                .isInstanceOf(ChartException.class)
                .hasMessage("repo: chart 'x' version 1: unsafe or invalid chart archive: entry 'x/../../evil.txt' leaves the chart folder");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil.txt")).doesNotExist();
        assertThatThrownBy(() -> unpack(chart().file("/etc/evil", "pwned"))).hasMessageContaining("entry '/etc/evil' has an absolute or invalid path");
    }

    @Test
    void linksAreRefused() {
        assertThatThrownBy(() -> unpack(chart().symlink("x/values.yaml", "/etc/passwd")))
                .isInstanceOf(ChartException.class)
                .hasMessageContaining("entry 'x/values.yaml' is a symbolic link; charts must not contain links");
    }

    @Test
    void entriesOutsideTheTopFolderAndMissingChartYamlAreRefused() {
        assertThatThrownBy(() -> unpack(chart().file("y/other.yaml", "a: 1\n"))).hasMessageContaining("outside the chart's top folder 'x'");
        assertThatThrownBy(() -> unpack(TarGz.create().file("x/values.yaml", "a: 1\n"))).hasMessageContaining("no Chart.yaml");
    }

    @Test
    void absurdSizesAreRefused() {
        assertThatThrownBy(() -> unpack(chart().sized("x/huge.bin", (int) ChartArchive.MAX_FILE_BYTES + 1)))
                .hasMessageContaining("entry 'x/huge.bin' is 5242881 bytes, more than the limit of 5242880");
    }

    @Test
    void notAnArchiveIsAClearError() throws IOException {
        Path file = tmp.resolve("bad.tgz");
        Files.writeString(file, "<html>login</html>");

        assertThatThrownBy(() -> ChartArchive.unpack(file, tmp, "w")).hasMessageContaining("w: the chart archive is not a valid .tgz");
    }
}
