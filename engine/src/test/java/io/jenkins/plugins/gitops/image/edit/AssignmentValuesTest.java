package io.jenkins.plugins.gitops.image.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one way the CLI and the step turn named values and marker targets into assignments. */
class AssignmentValuesTest {

    @Test
    void everyValueGoesToEveryMarkerTarget() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("model", "s3://m/v2");
        values.put("runtime", "kserve-2");
        List<FileEditor.Assignment> a = FileEditor.Assignment.values(values, List.of("marker:isvc.yaml", "marker:canary/isvc.yaml"));
        assertThat(a).extracting(FileEditor.Assignment::target, FileEditor.Assignment::desired).containsExactly(
                org.assertj.core.groups.Tuple.tuple(new MarkerTarget("isvc.yaml"), new Desired.Value("model", "s3://m/v2")),
                org.assertj.core.groups.Tuple.tuple(new MarkerTarget("canary/isvc.yaml"), new Desired.Value("model", "s3://m/v2")),
                org.assertj.core.groups.Tuple.tuple(new MarkerTarget("isvc.yaml"), new Desired.Value("runtime", "kserve-2")),
                org.assertj.core.groups.Tuple.tuple(new MarkerTarget("canary/isvc.yaml"), new Desired.Value("runtime", "kserve-2")));
        assertThat(FileEditor.Assignment.values(Map.of(), List.of("marker:isvc.yaml"))).isEmpty();
        assertThatThrownBy(() -> FileEditor.Assignment.values(Map.of("m", "v"), List.of("markr:isvc.yaml")))
                .hasMessageStartingWith("target 'markr:isvc.yaml': unknown kind 'markr'");
    }
}
