package io.jenkins.plugins.gitops.testkit.kube;

import static io.jenkins.plugins.gitops.testkit.kube.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

    /** RFC 7386 Appendix A, row by row, plus Kubernetes-flavoured cases. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'a':'b'}                 | {'a':'c'}                     | {'a':'c'}",
        "{'a':'b'}                 | {'b':'c'}                     | {'a':'b','b':'c'}",
        "{'a':'b'}                 | {'a':null}                    | {}",
        "{'a':'b','b':'c'}         | {'a':null}                    | {'b':'c'}",
        "{'a':['b']}               | {'a':'c'}                     | {'a':'c'}",
        "{'a':'c'}                 | {'a':['b']}                   | {'a':['b']}",
        "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}}      | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}         | {'a':[1]}                     | {'a':[1]}",
        "['a','b']                 | ['c','d']                     | ['c','d']",
        "{'a':'b'}                 | ['c']                         | ['c']",
        "{'a':'foo'}               | null                          | null",
        "{'a':'foo'}               | 'bar'                         | 'bar'",
        "{'e':null}                | {'a':1}                       | {'e':null,'a':1}",
        "[1,2]                     | {'a':'b','c':null}            | {'a':'b'}",
        "{}                        | {'a':{'bb':{'ccc':null}}}     | {'a':{'bb':{}}}",
        "{'metadata':{'labels':{'a':'1','b':'2'}}} | {'metadata':{'labels':{'a':null,'c':'3'}}} | {'metadata':{'labels':{'b':'2','c':'3'}}}",
        "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}} | {'spec':{'containers':[{'name':'c'}]}} | {'spec':{'containers':[{'name':'c'}]}}",
    })
    void rfc7386(String target, String patch, String expected) {
        JsonNode t = json(target);
        JsonNode p = json(patch);
        JsonNode before = t.deepCopy();
        JsonNode patchBefore = p.deepCopy();
        assertThat(Patches.mergePatch(t, p)).isEqualTo(json(expected));
        assertThat(t).as("target untouched").isEqualTo(before);
        assertThat(p).as("patch untouched").isEqualTo(patchBefore);
    }

    @Test
    void resultSharesNothingWithTheInputs() {
        JsonNode target = json("{'a':{'b':1}}");
        JsonNode patch = json("{'c':{'d':2}}");
        JsonNode result = Patches.mergePatch(target, patch);
        ((com.fasterxml.jackson.databind.node.ObjectNode) result.get("a")).put("b", 9);
        ((com.fasterxml.jackson.databind.node.ObjectNode) result.get("c")).put("d", 9);
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
        assertThat(patch).isEqualTo(json("{'c':{'d':2}}"));
    }

    @Test
    void missingTargetIsTreatedAsNothing() {
        assertThat(Patches.mergePatch(null, json("{'a':1}"))).isEqualTo(json("{'a':1}"));
    }

    @Test
    void rejectsAMissingPatch() {
        assertThatThrownBy(() -> Patches.mergePatch(json("{}"), null)).isInstanceOf(PatchException.class)
                .hasMessageContaining("merge patch");
    }
}
