package io.jenkins.plugins.gitops.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * RFC 6902 JSON patch. Operations apply in order to a private copy of the target; the first failure
 * aborts the whole patch (RFC 6902 section 5), with a message naming the operation's index, its
 * op and its path.
 */
final class JsonPatch {

    private JsonNode root;

    private JsonPatch(JsonNode root) {
        this.root = root;
    }

    static JsonNode apply(JsonNode target, JsonNode operations) {
        if (operations == null || !operations.isArray()) {
            throw new PatchException("json patch: the patch must be an array of operations, got "
                    + (operations == null ? "nothing" : operations.getNodeType()));
        }
        JsonPatch doc = new JsonPatch(target == null ? NullNode.getInstance() : target.deepCopy());
        for (int i = 0; i < operations.size(); i++) {
            doc.perform(i, operations.get(i));
        }
        return doc.root;
    }

    private void perform(int index, JsonNode op) {
        if (!op.isObject()) {
            throw new PatchException("json patch operation " + index + ": must be an object, got " + op.getNodeType());
        }
        String name = member(index, op, "op", "?").asText();
        String path = member(index, op, "path", name).asText();
        try {
            List<String> at = JsonPointer.parse(path);
            switch (name) {
                case "add":
                    add(at, member(index, op, "value", name).deepCopy());
                    break;
                case "remove":
                    remove(at);
                    break;
                case "replace":
                    replace(at, member(index, op, "value", name).deepCopy());
                    break;
                case "move":
                    move(index, op, at);
                    break;
                case "copy":
                    add(at, get(from(index, op)).deepCopy());
                    break;
                case "test":
                    JsonNode expected = member(index, op, "value", name);
                    JsonNode actual = get(at);
                    if (!JsonValues.equal(expected, actual)) {
                        throw new IllegalArgumentException("test failed: expected " + expected + " but found " + actual);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown op (expected add, remove, replace, move, copy or test)");
            }
        } catch (IllegalArgumentException e) {
            throw new PatchException("json patch operation " + index + " (" + name + ") at path \"" + path + "\": " + e.getMessage(), e);
        }
    }

    private void move(int index, JsonNode op, List<String> to) {
        List<String> from = from(index, op);
        // A value cannot be moved into itself (RFC 6902 section 4.4); moving onto itself is a no-op.
        if (to.size() > from.size() && to.subList(0, from.size()).equals(from)) {
            throw new IllegalArgumentException("cannot move \"" + op.get("from").asText() + "\" into one of its own children");
        }
        JsonNode value = get(from);
        remove(from);
        add(to, value);
    }

    private static JsonNode member(int index, JsonNode op, String field, String opName) {
        JsonNode v = op.get(field);
        if (v == null || (!field.equals("value") && !v.isTextual())) {
            throw new PatchException("json patch operation " + index + " (" + opName + "): missing "
                    + (field.equals("value") ? "" : "string ") + "member \"" + field + "\"");
        }
        return v;
    }

    private static List<String> from(int index, JsonNode op) {
        return JsonPointer.parse(member(index, op, "from", op.get("op").asText()).asText());
    }

    private JsonNode get(List<String> tokens) {
        JsonNode node = root;
        for (String token : tokens) {
            if (node.isObject()) {
                JsonNode child = node.get(token);
                if (child == null) {
                    throw new IllegalArgumentException("no field \"" + token + "\"");
                }
                node = child;
            } else if (node.isArray()) {
                node = node.get(JsonPointer.index(token, node.size(), false));
            } else {
                throw new IllegalArgumentException("cannot look up \"" + token + "\" in a " + node.getNodeType().toString().toLowerCase());
            }
        }
        return node;
    }

    private void add(List<String> tokens, JsonNode value) {
        if (tokens.isEmpty()) {
            root = value;
            return;
        }
        JsonNode parent = get(tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).insert(JsonPointer.index(last, parent.size(), true), value);
        } else {
            throw new IllegalArgumentException("the parent of \"" + last + "\" is a " + parent.getNodeType().toString().toLowerCase()
                    + ", not an object or array");
        }
    }

    /** Replaces in place, so an object's field keeps its position (remove + add would move it last). */
    private void replace(List<String> tokens, JsonNode value) {
        get(tokens);
        if (tokens.isEmpty()) {
            root = value;
            return;
        }
        JsonNode parent = get(tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else {
            ((ArrayNode) parent).set(JsonPointer.index(last, parent.size(), false), value);
        }
    }

    private void remove(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("cannot remove the whole document");
        }
        JsonNode parent = get(tokens.subList(0, tokens.size() - 1));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            if (((ObjectNode) parent).remove(last) == null) {
                throw new IllegalArgumentException("no field \"" + last + "\"");
            }
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(JsonPointer.index(last, parent.size(), false));
        } else {
            throw new IllegalArgumentException("cannot remove \"" + last + "\" from a " + parent.getNodeType().toString().toLowerCase());
        }
    }
}
