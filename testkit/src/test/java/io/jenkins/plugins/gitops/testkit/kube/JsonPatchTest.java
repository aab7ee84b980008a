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

class JsonPatchTest {

    /** RFC 6902 Appendix A (A.1-A.8, A.10, A.11, A.14, A.16) and other successful patches. */
    static Stream<Arguments> good() {
        return Stream.of(
                Arguments.of("A.1 add object member", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}"),
                Arguments.of("A.2 add array element", "{'foo':['bar','baz']}",
                        "[{'op':'add','path':'/foo/1','value':'qux'}]", "{'foo':['bar','qux','baz']}"),
                Arguments.of("A.3 remove object member", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}"),
                Arguments.of("A.4 remove array element", "{'foo':['bar','qux','baz']}",
                        "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}"),
                Arguments.of("A.5 replace", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'replace','path':'/baz','value':'boo'}]", "{'baz':'boo','foo':'bar'}"),
                Arguments.of("A.6 move value", "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
                        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
                        "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"),
                Arguments.of("A.7 move array element", "{'foo':['all','grass','cows','eat']}",
                        "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", "{'foo':['all','cows','eat','grass']}"),
                Arguments.of("A.8 test success", "{'baz':'qux','foo':['a',2,'c']}",
                        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
                        "{'baz':'qux','foo':['a',2,'c']}"),
                Arguments.of("A.10 add nested member object", "{'foo':'bar'}",
                        "[{'op':'add','path':'/child','value':{'grandchild':{}}}]", "{'foo':'bar','child':{'grandchild':{}}}"),
                Arguments.of("A.11 ignore unrecognized members", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','xyz':123}]", "{'foo':'bar','baz':'qux'}"),
                Arguments.of("A.14 ~ escape ordering", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}"),
                Arguments.of("A.16 add array value", "{'foo':['bar']}",
                        "[{'op':'add','path':'/foo/-','value':['abc','def']}]", "{'foo':['bar',['abc','def']]}"),
                Arguments.of("~1 is a slash", "{'metadata':{'labels':{}}}",
                        "[{'op':'add','path':'/metadata/labels/app.kubernetes.io~1name','value':'web'}]",
                        "{'metadata':{'labels':{'app.kubernetes.io/name':'web'}}}"),
                Arguments.of("add replaces an existing member", "{'a':1}",
                        "[{'op':'add','path':'/a','value':2}]", "{'a':2}"),
                Arguments.of("add at the end index", "{'a':[1]}",
                        "[{'op':'add','path':'/a/1','value':2}]", "{'a':[1,2]}"),
                Arguments.of("copy", "{'a':{'b':[1]}}",
                        "[{'op':'copy','from':'/a','path':'/c'},{'op':'add','path':'/c/b/-','value':2}]",
                        "{'a':{'b':[1]},'c':{'b':[1,2]}}"),
                Arguments.of("replace the whole document", "{'a':1}",
                        "[{'op':'replace','path':'','value':[1]}]", "[1]"),
                Arguments.of("add the whole document", "{'a':1}",
                        "[{'op':'add','path':'','value':{'b':2}}]", "{'b':2}"),
                Arguments.of("test compares numbers by value", "{'a':1,'b':{'x':[1.0]}}",
                        "[{'op':'test','path':'/a','value':1.0},{'op':'test','path':'/b','value':{'x':[1]}}]",
                        "{'a':1,'b':{'x':[1.0]}}"),
                Arguments.of("move onto itself", "{'a':1}",
                        "[{'op':'move','from':'/a','path':'/a'}]", "{'a':1}"),
                Arguments.of("test null value", "{'a':null}",
                        "[{'op':'test','path':'/a','value':null}]", "{'a':null}"),
                Arguments.of("empty patch", "{'a':1}", "[]", "{'a':1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void applies(String name, String target, String patch, String expected) {
        JsonNode t = json(target);
        JsonNode p = json(patch);
        JsonNode before = t.deepCopy();
        JsonNode patchBefore = p.deepCopy();
        assertThat(Patches.jsonPatch(t, p)).isEqualTo(json(expected));
        assertThat(t).as("target untouched").isEqualTo(before);
        assertThat(p).as("patch untouched").isEqualTo(patchBefore);
    }

    /** A.9, A.12, A.15 and other failures; each message names the operation index, op and path. */
    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("A.9 test error", "{'baz':'qux'}",
                        "[{'op':'test','path':'/baz','value':'bar'}]",
                        "json patch operation 0 (test) at path \"/baz\": test failed: expected \"bar\" but found \"qux\""),
                Arguments.of("A.12 add to nonexistent target", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz/bat','value':'qux'}]",
                        "json patch operation 0 (add) at path \"/baz/bat\": no field \"baz\""),
                Arguments.of("A.15 strings are not numbers", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':'10'}]",
                        "json patch operation 0 (test) at path \"/~01\": test failed"),
                Arguments.of("a later operation fails", "{'a':1}",
                        "[{'op':'remove','path':'/a'},{'op':'remove','path':'/a'}]",
                        "json patch operation 1 (remove) at path \"/a\": no field \"a\""),
                Arguments.of("replace needs an existing value", "{'a':1}",
                        "[{'op':'replace','path':'/b','value':2}]", "operation 0 (replace) at path \"/b\": no field \"b\""),
                Arguments.of("index out of bounds", "{'a':[1]}",
                        "[{'op':'add','path':'/a/2','value':2}]", "index 2 is out of bounds for an array of size 1"),
                Arguments.of("remove past the end", "{'a':[1]}",
                        "[{'op':'remove','path':'/a/1'}]", "operation 0 (remove) at path \"/a/1\": index 1 is out of bounds"),
                Arguments.of("'-' only for add", "{'a':[1]}",
                        "[{'op':'replace','path':'/a/-','value':2}]", "'-' names no existing array element"),
                Arguments.of("leading zeros", "{'a':[1,2]}",
                        "[{'op':'remove','path':'/a/01'}]", "\"01\" is not an array index"),
                Arguments.of("bad escape", "{'a':1}",
                        "[{'op':'remove','path':'/a~2'}]", "at path \"/a~2\": '~' must be followed by 0 or 1"),
                Arguments.of("pointer without slash", "{'a':1}",
                        "[{'op':'remove','path':'a'}]", "at path \"a\": a JSON pointer must be empty or start with '/'"),
                Arguments.of("descend into a scalar", "{'a':1}",
                        "[{'op':'add','path':'/a/b/c','value':1}]", "cannot look up \"b\" in a number"),
                Arguments.of("add under a scalar", "{'a':1}",
                        "[{'op':'add','path':'/a/b','value':1}]", "the parent of \"b\" is a number"),
                Arguments.of("move into own child", "{'a':{'b':1}}",
                        "[{'op':'move','from':'/a','path':'/a/c'}]", "operation 0 (move) at path \"/a/c\": cannot move \"/a\" into one of its own children"),
                Arguments.of("move from nowhere", "{'a':1}",
                        "[{'op':'move','from':'/x','path':'/b'}]", "operation 0 (move) at path \"/b\": no field \"x\""),
                Arguments.of("copy without from", "{'a':1}",
                        "[{'op':'copy','path':'/b'}]", "json patch operation 0 (copy): missing string member \"from\""),
                Arguments.of("add without value", "{'a':1}",
                        "[{'op':'add','path':'/b'}]", "json patch operation 0 (add): missing member \"value\""),
                Arguments.of("missing path", "{'a':1}",
                        "[{'op':'remove'}]", "json patch operation 0 (remove): missing string member \"path\""),
                Arguments.of("missing op", "{'a':1}",
                        "[{'path':'/a'}]", "json patch operation 0 (?): missing string member \"op\""),
                Arguments.of("unknown op", "{'a':1}",
                        "[{'op':'frobnicate','path':'/a'}]", "json patch operation 0 (frobnicate) at path \"/a\": unknown op"),
                Arguments.of("remove the document", "{'a':1}",
                        "[{'op':'remove','path':''}]", "cannot remove the whole document"),
                Arguments.of("operation not an object", "{'a':1}",
                        "[1]", "json patch operation 0: must be an object"),
                Arguments.of("patch not an array", "{'a':1}",
                        "{'op':'remove','path':'/a'}", "the patch must be an array of operations, got OBJECT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void rejects(String name, String target, String patch, String message) {
        JsonNode t = json(target);
        JsonNode before = t.deepCopy();
        assertThatThrownBy(() -> Patches.jsonPatch(t, json(patch)))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining(message);
        assertThat(t).as("target untouched after a failed patch").isEqualTo(before);
    }

    @Test
    void addedValuesAreCopiesNotAliasesOfThePatch() {
        JsonNode patch = json("[{'op':'add','path':'/a','value':{'b':1}}]");
        JsonNode result = Patches.jsonPatch(json("{}"), patch);
        ((com.fasterxml.jackson.databind.node.ObjectNode) result.get("a")).put("b", 2);
        assertThat(patch.get(0).get("value")).isEqualTo(json("{'b':1}"));
    }
}
