package io.jenkins.plugins.gitops.testkit.kube;

import static io.jenkins.plugins.gitops.testkit.kube.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldSelectorTest {

    private static final JsonNode POD = json("{'kind':'Pod','metadata':{'name':'web-1','namespace':'prod','uid':'u1'},"
            + "'spec':{'nodeName':'node-a','hostNetwork':true,'priority':10},'status':{'phase':'Running'}}");
    private static final JsonNode UNSCHEDULED = json("{'kind':'Pod','metadata':{'name':'web-2','namespace':'prod'},'spec':{},"
            + "'status':{'phase':'Pending'}}");
    private static final JsonNode EVENT = json("{'kind':'Event','type':'Warning','metadata':{'name':'e1','namespace':'prod'},"
            + "'involvedObject':{'uid':'u1','name':'a=b,c'}}");

    static Stream<Arguments> matching() {
        return Stream.of(
                Arguments.of("metadata.name=web-1", POD, true),
                Arguments.of("metadata.name==web-1", POD, true),
                Arguments.of("metadata.name!=web-1", POD, false),
                Arguments.of("metadata.namespace=prod,status.phase=Running", POD, true),
                Arguments.of("metadata.namespace=prod,status.phase=Running", UNSCHEDULED, false),
                Arguments.of("status.phase!=Running", UNSCHEDULED, true),
                // A missing field compares as "": this is how "unscheduled pods" are selected.
                Arguments.of("spec.nodeName=", UNSCHEDULED, true),
                Arguments.of("spec.nodeName=", POD, false),
                Arguments.of("spec.nodeName!=", POD, true),
                Arguments.of("spec.nodeName=node-a", UNSCHEDULED, false),
                Arguments.of("spec.hostNetwork=true", POD, true),
                Arguments.of("spec.priority=10", POD, true),
                Arguments.of("metadata.name.deeper=", POD, true),
                Arguments.of("spec=", POD, true),
                Arguments.of("involvedObject.uid=u1,type=Warning", EVENT, true),
                Arguments.of("type=Normal", EVENT, false),
                Arguments.of(" metadata.name = web-1 ,", POD, true),
                Arguments.of("involvedObject.name=a\\=b\\,c", EVENT, true),
                Arguments.of("", POD, true));
    }

    @ParameterizedTest(name = "[{0}] on {1} -> {2}")
    @MethodSource("matching")
    void matches(String selector, JsonNode object, boolean expected) {
        assertThat(FieldSelector.parse(selector).matches(object)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", ","})
    void nullOrBlankMatchesEverything(String selector) {
        FieldSelector s = FieldSelector.parse(selector);
        assertThat(s.isEverything()).isTrue();
        assertThat(s.matches(POD)).isTrue();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("metadata.name", "term \"metadata.name\" has no operator"),
                Arguments.of("a=b,status.phase", "term \"status.phase\" has no operator"),
                Arguments.of("=web", "no field path"),
                Arguments.of("metadata..name=x", "field path \"metadata..name\""),
                Arguments.of(".name=x", "field path \".name\""),
                Arguments.of("meta data=x", "field path \"meta data\""),
                Arguments.of("a=b=c", "unescaped '='"),
                Arguments.of("a=b\\x", "invalid escape"),
                Arguments.of("a=b\\", "invalid escape"));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @MethodSource("invalid")
    void rejectsInvalidSelectorsNamingThem(String selector, String problem) {
        assertThatThrownBy(() -> FieldSelector.parse(selector))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid field selector \"" + selector + "\": ")
                .hasMessageContaining(problem);
    }

    @Test
    void toStringEscapesAndNormalizesOperators() {
        FieldSelector s = FieldSelector.parse("involvedObject.name==a\\=b\\,c,status.phase!=Running");
        assertThat(s.toString()).isEqualTo("involvedObject.name=a\\=b\\,c,status.phase!=Running");
        assertThat(FieldSelector.parse(s.toString())).isEqualTo(s);
        assertThat(s.paths()).containsExactly("involvedObject.name", "status.phase");
    }
}
