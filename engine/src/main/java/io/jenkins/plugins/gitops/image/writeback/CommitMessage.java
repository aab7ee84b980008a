package io.jenkins.plugins.gitops.image.writeback;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the commit message template. Placeholders: {@code {app}}, {@code {buildUrl}} (from the
 * caller), {@code {image}}, {@code {oldTag}}, {@code {newTag}} (the first change),
 * {@code {images}} (all, {@code name old -> new}, comma separated), {@code {changes}} (one line
 * per value changed, with file and line). An unknown placeholder is an error, not silent text.
 */
public final class CommitMessage {

    public static final String DEFAULT = "{app}: update {images}\n\n{changes}\n\nBuild: {buildUrl}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    private CommitMessage() {
    }

    public static String render(String template, Map<String, String> callerVars, List<ValueChange> changes) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("app", "");
        vars.put("buildUrl", "");
        vars.putAll(callerVars);
        ValueChange first = changes.isEmpty() ? null : changes.get(0);
        vars.put("image", first == null ? "" : first.subject());
        vars.put("oldTag", first == null || first.oldValue() == null ? "" : first.oldValue());
        vars.put("newTag", first == null ? "" : first.newValue());
        vars.put("images", changes.stream().collect(Collectors.groupingBy(ValueChange::subject, LinkedHashMap::new, Collectors.toList()))
                .entrySet().stream().map(e -> e.getKey() + " " + old(e.getValue().get(0)) + " -> " + e.getValue().get(0).newValue())
                .collect(Collectors.joining(", ")));
        vars.put("changes", changes.stream().map(c -> "- " + c).collect(Collectors.joining("\n")));
        Matcher m = PLACEHOLDER.matcher(template == null ? DEFAULT : template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new ImageUpdateException("commit message template: unknown placeholder {" + m.group(1) + "} (known: " + vars.keySet() + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        // An empty {app} or {buildUrl} must not leave "Build: " dangling or a leading ": ".
        return out.toString().replaceAll("(?m)^Build: $\\n?", "").replaceFirst("^: ", "").strip() + "\n";
    }

    private static String old(ValueChange c) {
        return c.oldValue() == null ? "(none)" : c.oldValue();
    }
}
