package io.jenkins.plugins.gitops.image.edit;

import io.jenkins.plugins.gitops.ImageUpdateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans every edit of a step in memory, checks each edited file still parses and reads back the
 * new values, and only then writes: an error anywhere leaves the working tree untouched.
 */
public final class FileEditor {

    /** One (target, desired value) pair of a step. */
    public record Assignment(WriteTarget target, Desired desired) {

        /**
         * Every named value set through every marker target (text form, {@code marker:FILE}), as the
         * CLI's {@code --set-value}/{@code --value-target} and the step's {@code values}/{@code valueTarget} give them.
         */
        public static List<Assignment> values(Map<String, String> values, List<String> targets) {
            List<Assignment> out = new ArrayList<>();
            values.forEach((name, value) -> targets.forEach(t -> out.add(new Assignment(WriteTarget.parse(t), new Desired.Value(name, value)))));
            return out;
        }
    }

    /** A file's text before and after, and the values changed in it. */
    public record FileChange(String file, String before, String after, List<ValueChange> changes) {
        public FileChange {
            changes = List.copyOf(changes);
        }
    }

    private FileEditor() {
    }

    /** The changes the assignments make under {@code root}; files with nothing to change are left out. Writes nothing. */
    public static List<FileChange> plan(Path root, List<Assignment> assignments) {
        Map<String, String> originals = new LinkedHashMap<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, List<ValueChange>> changes = new HashMap<>();
        for (Assignment a : assignments) {
            String rel = a.target().file(root);
            if (!texts.containsKey(rel)) {
                String text = read(root, rel, a.target().createsFile());
                originals.put(rel, text);
                texts.put(rel, text);
            }
            YamlFile f = YamlFile.parse(rel, texts.get(rel));
            List<PlannedEdit> edits = a.target().plan(f, a.desired());
            if (edits.isEmpty()) {
                continue;
            }
            String after = f.apply(edits.stream().map(PlannedEdit::edit).toList());
            verify(f, after, edits);
            texts.put(rel, after);
            changes.computeIfAbsent(rel, k -> new ArrayList<>()).addAll(edits.stream().map(PlannedEdit::change).toList());
        }
        List<FileChange> out = new ArrayList<>();
        originals.forEach((rel, before) -> {
            if (!before.equals(texts.get(rel))) {
                out.add(new FileChange(rel, before, texts.get(rel), changes.get(rel)));
            }
        });
        return out;
    }

    /** Writes planned changes (all were checked before the first write). */
    public static void write(Path root, List<FileChange> changes) {
        for (FileChange c : changes) {
            Path file = root.resolve(c.file());
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, c.after(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ImageUpdateException(c.file() + ": cannot write: " + e.getMessage(), e);
            }
        }
    }

    private static String read(Path root, String rel, boolean mayBeMissing) {
        Path file = root.resolve(rel).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new ImageUpdateException(rel + ": outside the repository");
        }
        if (!Files.exists(file)) {
            if (mayBeMissing) {
                return "";
            }
            throw new ImageUpdateException(rel + ": no such file in the repository");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImageUpdateException(rel + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The edited text must parse, and each replaced value must read back as exactly the new value. */
    private static void verify(YamlFile before, String after, List<PlannedEdit> edits) {
        YamlFile parsed;
        try {
            parsed = YamlFile.parse(before.name, after);
        } catch (ImageUpdateException e) {
            throw new ImageUpdateException(before.name + ": the edit would break the file (" + e.getMessage() + "); nothing written");
        }
        Map<Integer, String> valuesAt = new HashMap<>();
        for (var doc : parsed.documents) {
            parsed.eachValue(doc, null, (k, s) -> valuesAt.put(parsed.valueStart(s), s.getValue()));
        }
        List<PlannedEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(e -> e.edit().start()));
        int shift = 0;
        for (PlannedEdit e : sorted) {
            TextEdit t = e.edit();
            if (t.end() > t.start() && e.change().oldValue() != null) {
                String read = valuesAt.get(t.start() + shift);
                if (!e.change().newValue().equals(read)) {
                    throw new ImageUpdateException(before.name + ":" + e.change().line() + ": " + e.change().path() + " would read back as '"
                            + read + "' instead of '" + e.change().newValue() + "'; nothing written");
                }
            }
            shift += t.replacement().length() - (t.end() - t.start());
        }
    }
}
