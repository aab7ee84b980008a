package io.jenkins.plugins.gitops.testkit.kube;

import static io.jenkins.plugins.gitops.testkit.kube.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListKeysTest {

    private static final ListType PORTS = ListType.map("containerPort", "protocol");
    private static final ListType SPREAD = ListType.map("whenUnsatisfiable", "topologyKey");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{'containerPort':80,'protocol':'TCP','name':'http'} | {\"containerPort\":80,\"protocol\":\"TCP\"}",
        // Kubernetes defaults protocol to TCP, so an absent protocol is TCP.
        "{'containerPort':80,'name':'http'}                  | {\"containerPort\":80,\"protocol\":\"TCP\"}",
        "{'containerPort':80,'protocol':null}                | {\"containerPort\":80,\"protocol\":\"TCP\"}",
        "{'protocol':'UDP','containerPort':53}               | {\"containerPort\":53,\"protocol\":\"UDP\"}",
        "{'containerPort':80.0}                              | {\"containerPort\":80,\"protocol\":\"TCP\"}",
        "{'name':'no-port'}                                  | {\"containerPort\":null,\"protocol\":\"TCP\"}",
    })
    void mapKeysFollowTheKeyOrderAndDefaultTheProtocol(String element, String key) {
        assertThat(ListKeys.key(PORTS, json(element))).isEqualTo(key);
    }

    @Test
    void keyOrderIsTheListTypesButFieldsV1SortsAlphabetically() {
        var item = json("{'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule','maxSkew':1}");
        assertThat(ListKeys.key(SPREAD, item)).isEqualTo("{\"whenUnsatisfiable\":\"DoNotSchedule\",\"topologyKey\":\"zone\"}");
        assertThat(ListKeys.fieldsV1Key(SPREAD, item)).isEqualTo("k:{\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSchedule\"}");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "MAP | {'containerPort':80,'name':'http'}  | k:{\"containerPort\":80,\"protocol\":\"TCP\"}",
        "MAP | {'containerPort':53,'protocol':'UDP'} | k:{\"containerPort\":53,\"protocol\":\"UDP\"}",
        "SET | \"example.com/finalizer\"           | v:\"example.com/finalizer\"",
        "SET | 42                                  | v:42",
        "SET | {'b':1,'a':[2,{'d':1,'c':2}]}        | v:{\"a\":[2,{\"c\":2,\"d\":1}],\"b\":1}",
    })
    void fieldsV1Keys(ListType.Kind kind, String element, String expected) {
        ListType type = kind == ListType.Kind.MAP ? PORTS : ListType.SET;
        assertThat(ListKeys.fieldsV1Key(type, json(element))).isEqualTo(expected);
    }

    @Test
    void sameKeyAppliesTheProtocolDefault() {
        assertThat(ListKeys.sameKey(PORTS, json("{'containerPort':80}"), json("{'containerPort':80,'protocol':'TCP','name':'x'}"))).isTrue();
        assertThat(ListKeys.sameKey(PORTS, json("{'containerPort':80}"), json("{'containerPort':80,'protocol':'UDP'}"))).isFalse();
        assertThat(ListKeys.sameKey(ListType.map("name"), json("{'name':'a','image':'x'}"), json("{'name':'a'}"))).isTrue();
    }

    @Test
    void missingKeysIgnoreTheDefaultedProtocol() {
        assertThat(ListKeys.missingKeys(PORTS, json("{'name':'http'}"))).containsExactly("containerPort");
        assertThat(ListKeys.missingKeys(PORTS, json("{'containerPort':80}"))).isEmpty();
        assertThat(ListKeys.missingKeys(ListType.map("name"), json("{'name':null}"))).isEqualTo(List.of("name"));
    }

    @Test
    void rejectsItemsWithoutIdentity() {
        assertThatThrownBy(() -> ListKeys.key(ListType.ATOMIC, json("1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("atomic");
        assertThatThrownBy(() -> ListKeys.fieldsV1Key(ListType.ATOMIC, json("1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListKeys.key(PORTS, json("'http'"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an object, got \"http\"");
    }

    @Test
    void listTypeValidatesItsKeys() {
        assertThatThrownBy(() -> new ListType(ListType.Kind.MAP, List.of())).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> new ListType(ListType.Kind.SET, List.of("a"))).hasMessageContaining("only map list types have keys");
        assertThat(ListType.map("a", "b").keys()).containsExactly("a", "b");
    }
}
