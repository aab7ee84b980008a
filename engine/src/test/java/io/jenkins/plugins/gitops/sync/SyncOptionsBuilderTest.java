package io.jenkins.plugins.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gitops.policy.AppProject;
import io.jenkins.plugins.gitops.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncOptions} are made with their builder only: it sets every component, copies every
 * component back ({@code toBuilder}, {@code withApp}), and no caller in the reactor uses the
 * 30-component constructor or the plugin's old positional request constructors.
 */
class SyncOptionsBuilderTest {

    private static final SyncListener LISTENER = new SyncListener() {
    };

    /** Every component away from its default. */
    private static SyncOptions everythingSet() {
        return SyncOptions.builder("kfp").namespace("ml").dryRun(true).prune(true).pruneLast(true).prunePropagationPolicy("orphan")
                .applyOutOfSyncOnly(false).createNamespace(true).replace(true).force(true).forceConflicts(false)
                .only(Set.of("Deployment/ml/web")).failOnSharedResource(false).tracking(Tracking.ARGOCD)
                .fieldManager("other-manager").inventoryNamespace("ops").historyLimit(3).parallelism(2).timeout(Duration.ofSeconds(42))
                .ignoreDifferences(List.of(new IgnoreRule("apps", "Deployment", "", "", List.of("/spec/replicas")))).initiator("build/7")
                .listener(LISTENER).holder("https://ci/job/7/").lockTimeout(Duration.ofSeconds(9)).leaseDuration(Duration.ofSeconds(11))
                .source(RenderSource.git("https://git.example/repo.git", "abc", "apps/kfp", "kustomize"))
                .policy(Policy.of(AppProject.unrestricted("default"), "https://k8s:6443", "prod"))
                .sourceRepos(List.of("https://git.example/repo.git")).allowEmpty(true).confirmPrune(true).build();
    }

    @Test
    void theBuilderHasASetterForEveryComponent() {
        List<String> setters = Arrays.stream(SyncOptions.Builder.class.getMethods())
                .filter(m -> m.getReturnType() == SyncOptions.Builder.class && m.getParameterCount() == 1).map(Method::getName).toList();
        List<String> components = Arrays.stream(SyncOptions.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(setters).containsAll(components);
    }

    @Test
    void toBuilderAndWithAppCarryEveryComponent() throws Exception {
        SyncOptions o = everythingSet();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        SyncOptions other = o.withApp("trainer");
        assertThat(other.app()).isEqualTo("trainer");
        for (RecordComponent c : SyncOptions.class.getRecordComponents()) {
            if (!c.getName().equals("app")) {
                assertThat(c.getAccessor().invoke(other)).as(c.getName()).isEqualTo(c.getAccessor().invoke(o));
            }
        }
        SyncOptions defaults = SyncOptions.builder("kfp").build();
        for (RecordComponent c : SyncOptions.class.getRecordComponents()) {
            if (!c.getName().equals("app")) {
                assertThat(c.getAccessor().invoke(o)).as("the test sets %s away from its default", c.getName())
                        .isNotEqualTo(c.getAccessor().invoke(defaults));
            }
        }
    }

    /**
     * The CLI, the plugin, the bench and the tests build options, plugin requests and build-summary
     * records through builders (a record needs its status: the plugin module does not compile here,
     * so this is where a positional call merged from elsewhere shows up).
     */
    @Test
    void noCallerUsesThePositionalConstructors() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("engine", "cli", "bench", "plugin", "testkit")) {
            Path src = root.resolve(module).resolve("src");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    String name = f.getFileName().toString();
                    String text = read(f);
                    for (String type : List.of("SyncOptions", "SyncRequest", "GitopsRecord")) {
                        String call = "new " + type + "(";
                        if (!name.equals(type + ".java") && text.contains(call)) {
                            offenders.add(root.relativize(f) + ": " + call);
                        }
                    }
                });
            }
        }
        assertThat(Files.isDirectory(root.resolve("plugin/src"))).as("the reactor's plugin sources are beside engine").isTrue();
        assertThat(offenders).isEmpty();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
