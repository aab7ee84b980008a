package io.jenkins.plugins.gitops.plugin.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.SymbolLookup;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The nested objects of the steps have Pipeline names: images: [gitopsImage(...)], values: [gitopsValue(...)], healthChecks: [gitopsHealthCheck(...)]. */
@WithJenkins
public class SymbolsTest {

    @Test
    void nestedObjectsAreFoundByTheirSymbols(JenkinsRule j) {
        assertThat(SymbolLookup.get().findDescriptor(ImageEntry.class, "gitopsImage")).isInstanceOf(ImageEntry.DescriptorImpl.class);
        assertThat(SymbolLookup.get().findDescriptor(ValueEntry.class, "gitopsValue")).isInstanceOf(ValueEntry.DescriptorImpl.class);
        assertThat(SymbolLookup.get().findDescriptor(HealthCheck.class, "gitopsHealthCheck")).isInstanceOf(HealthCheck.DescriptorImpl.class);
    }

    /** What the Pipeline DSL hands the step for imageUpdate(repo: ..., images: [gitopsImage(...)], values: [gitopsValue(...)]). */
    @Test
    void stepsBindNestedObjectsWrittenWithTheirSymbols(JenkinsRule j) {
        ImageUpdateStep update = DescribableModel.of(ImageUpdateStep.class).instantiate(Map.of(
                "repo", "https://git.example.com/ml/kubeflow-gitops.git",
                "images", List.of(new UninstantiatedDescribable("gitopsImage", null, Map.of("name", "registry.example.com/ml/trainer", "tag", "2.1.0"))),
                "values", List.of(new UninstantiatedDescribable("gitopsValue", null, Map.of("name", "fraud-model-uri", "value", "s3://models/7")))));
        assertThat(update.getImages()).singleElement().satisfies(i -> assertThat(i.getName()).isEqualTo("registry.example.com/ml/trainer"));
        assertThat(update.getValues()).singleElement().satisfies(v -> assertThat(v.getValue()).isEqualTo("s3://models/7"));

        GitopsWaitHealthyStep wait = DescribableModel.of(GitopsWaitHealthyStep.class).instantiate(Map.of(
                "app", "kfp",
                "healthChecks", List.of(new UninstantiatedDescribable("gitopsHealthCheck", null,
                        Map.of("kind", "InferenceGraph", "rules", "default -> Healthy")))));
        assertThat(wait.getHealthChecks()).singleElement().satisfies(h -> assertThat(h.getKind()).isEqualTo("InferenceGraph"));
    }
}
