package io.jenkins.plugins.gitops.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A health rule for one group and kind written as data, not Java: ordered clauses, the first that
 * matches decides. The clause forms ({@code ->} or {@code →} before the status):
 * <pre>
 * condition Ready=True -> Healthy          a condition of that type has that status
 * field /status/phase == Failed -> Degraded   the field (a JSON pointer) has that text
 * field /status/phase != Running -> Progressing
 * field /status/phase in [Pending, Running] -> Progressing
 * field /status/url exists -> Healthy
 * default -> Progressing                   always matches; put it last
 * </pre>
 * When no clause matches, the rule answers empty and the assessor falls back to the built-in rule
 * (or the generic one). Plug it in with {@link #installOn(HealthAssessor)}.
 */
public record HealthCheckSpec(String group, String kind, List<Clause> clauses) implements HealthRule {

    private static final Pattern ARROW = Pattern.compile("\\s*(?:->|→)\\s*");
    private static final Pattern CONDITION = Pattern.compile("condition\\s+([\\w./-]+)\\s*=\\s*(\\w+)");
    private static final Pattern FIELD = Pattern.compile("field\\s+(/\\S*)\\s+(==|!=|in|exists)\\s*(.*)");

    public HealthCheckSpec {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
        clauses = List.copyOf(clauses);
    }

    /** One clause: a test on the object and the health it gives. */
    public sealed interface Clause permits ConditionClause, FieldClause, DefaultClause {
        HealthStatus status();

        /** The message when it matches, or empty when it does not. */
        Optional<String> match(KubeObject obj);
    }

    public record ConditionClause(String type, String conditionStatus, HealthStatus status) implements Clause {
        @Override
        public Optional<String> match(KubeObject obj) {
            return Condition.find(obj, type).filter(c -> c.status().equals(conditionStatus))
                    .map(c -> c.describe().isEmpty() ? type + " is " + conditionStatus : type + " is " + conditionStatus + ": " + c.describe());
        }
    }

    public record FieldClause(String pointer, String operator, List<String> values, HealthStatus status) implements Clause {
        public FieldClause {
            values = List.copyOf(values);
        }

        @Override
        public Optional<String> match(KubeObject obj) {
            JsonNode n = obj.at(pointer);
            boolean present = !n.isMissingNode() && !n.isNull();
            String text = n.isValueNode() ? n.asText() : n.toString();
            boolean matches = switch (operator) {
                case "exists" -> present;
                case "==" -> present && text.equals(values.get(0));
                case "!=" -> !present || !text.equals(values.get(0));
                default -> present && values.contains(text);
            };
            return matches ? Optional.of(present ? pointer + " is " + text : pointer + " is not set") : Optional.empty();
        }
    }

    public record DefaultClause(HealthStatus status) implements Clause {
        @Override
        public Optional<String> match(KubeObject obj) {
            return Optional.of("");
        }
    }

    @Override
    public Optional<Health> assess(KubeObject obj) {
        for (Clause c : clauses) {
            Optional<String> message = c.match(obj);
            if (message.isPresent()) {
                return Optional.of(new Health(c.status(), message.get()));
            }
        }
        return Optional.empty();
    }

    /** A copy of {@code assessor} that asks this rule first for its group and kind. */
    public HealthAssessor installOn(HealthAssessor assessor) {
        return assessor.withOverride(group, kind, this);
    }

    /**
     * Parses {@code {group: ..., kind: ..., rules: ["clause", ...]}}, as read from YAML or a
     * pipeline map. Errors name the kind and the clause by position and text.
     */
    public static HealthCheckSpec parse(Map<String, ?> map) {
        Object kind = map.get("kind");
        if (!(kind instanceof String k) || k.isBlank()) {
            throw new GitopsException("health check: 'kind' is required");
        }
        Object group = map.containsKey("group") ? map.get("group") : "";
        if (!(group instanceof String)) {
            throw new GitopsException("health check for " + k + ": 'group' must be a string");
        }
        Object rules = map.get("rules");
        if (!(rules instanceof List<?> list) || list.isEmpty()) {
            throw new GitopsException("health check for " + k + ": 'rules' must be a non-empty list of clauses");
        }
        List<Clause> clauses = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            clauses.add(parseClause(k, i + 1, String.valueOf(list.get(i))));
        }
        return new HealthCheckSpec((String) group, k, clauses);
    }

    static Clause parseClause(String kind, int position, String text) {
        String where = "health check for " + kind + ", rule " + position + " '" + text + "': ";
        String[] parts = ARROW.split(text.strip(), -1);
        if (parts.length != 2 || parts[1].isBlank()) {
            throw new GitopsException(where + "expected '<test> -> <Healthy|Progressing|Degraded|Suspended|Unknown>'");
        }
        HealthStatus status = status(where, parts[1].strip());
        String test = parts[0].strip();
        if (test.equals("default")) {
            return new DefaultClause(status);
        }
        Matcher m = CONDITION.matcher(test);
        if (m.matches()) {
            String cs = m.group(2);
            if (!List.of("True", "False", "Unknown").contains(cs)) {
                throw new GitopsException(where + "a condition status is True, False or Unknown, not '" + cs + "'");
            }
            return new ConditionClause(m.group(1), cs, status);
        }
        m = FIELD.matcher(test);
        if (m.matches()) {
            String op = m.group(2);
            String rest = m.group(3).strip();
            if (op.equals("exists")) {
                if (!rest.isEmpty()) {
                    throw new GitopsException(where + "'exists' takes no value");
                }
                return new FieldClause(m.group(1), op, List.of(), status);
            }
            if (op.equals("in")) {
                if (!rest.startsWith("[") || !rest.endsWith("]")) {
                    throw new GitopsException(where + "'in' takes a list like [Pending, Running]");
                }
                List<String> values = Arrays.stream(rest.substring(1, rest.length() - 1).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList();
                if (values.isEmpty()) {
                    throw new GitopsException(where + "'in' needs at least one value");
                }
                return new FieldClause(m.group(1), op, values, status);
            }
            if (rest.isEmpty()) {
                throw new GitopsException(where + "'" + op + "' needs a value");
            }
            return new FieldClause(m.group(1), op, List.of(unquote(rest)), status);
        }
        throw new GitopsException(where + "expected 'condition TYPE=STATUS', 'field /json/pointer (==|!=|in|exists) ...' or 'default'");
    }

    private static HealthStatus status(String where, String text) {
        for (HealthStatus s : HealthStatus.values()) {
            if (s.displayName().equalsIgnoreCase(text)) {
                if (s == HealthStatus.MISSING) {
                    break;
                }
                return s;
            }
        }
        throw new GitopsException(where + "unknown health '" + text + "' (Healthy, Progressing, Degraded, Suspended or Unknown)");
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return "HealthCheckSpec[" + (group.isEmpty() ? kind : kind + "." + group) + ", " + clauses.size() + " clauses]";
    }
}
