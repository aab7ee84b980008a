package io.jenkins.plugins.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's shape, read from its sources (src/main/java of this module): plain Java with no Jenkins
 * type, so the CLI and any other face can use it; and packages that depend on each other one way only,
 * so each can be read (and moved) on its own. A dependency is an import (static ones too) or a fully
 * qualified name in the code, of another package of the engine.
 */
class EngineArchitectureTest {

    static final String ROOT = "io.jenkins.plugins.gitops";
    static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified name in code: lower-case segments, then a type (upper case). */
    static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(" + Pattern.quote(ROOT) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    static final List<String> FORBIDDEN = List.of("hudson.", "jenkins.", "org.kohsuke.stapler.", "org.jenkinsci.");

    record Source(Path file, String pkg, String text) {}

    /** One dependency of package {@code from} on package {@code to}, first seen in {@code file}. */
    record Edge(String from, String to, Path file) {}

    @Test
    void theEngineImportsNoJenkinsType() {
        List<String> offending = new ArrayList<>();
        for (Source s : sources()) {
            Matcher m = IMPORT.matcher(s.text());
            while (m.find()) {
                String imported = m.group(1);
                if (FORBIDDEN.stream().anyMatch(imported::startsWith)) {
                    offending.add(s.file() + ": import " + imported);
                }
            }
        }
        assertThat(offending).as("engine/ is plain Java 17; Jenkins types belong in plugin/").isEmpty();
    }

    @Test
    void thePackageImportGraphOfTheEngineHasNoCycle() {
        List<Source> sources = sources();
        assertThat(sources).as("the engine's sources, read from src/main/java").hasSizeGreaterThan(100);
        Map<String, Map<String, Edge>> graph = graph(sources);
        assertThat(graph.keySet()).as("packages found").contains(ROOT + ".sync", ROOT + ".render", ROOT + ".kube");
        List<List<Edge>> cycles = cycles(graph);
        assertThat(cycles).as("package cycles (each edge names a file that makes it):%n%s", describe(cycles)).isEmpty();
    }

    /** The checker itself: a cycle is found and printed with the file that makes each edge; a chain is not a cycle. */
    @Test
    void aCycleIsFoundAndPrintedWithTheFilesThatMakeIt() {
        List<Source> cyclic = List.of(
                new Source(Path.of("a/A.java"), ROOT + ".a", "package " + ROOT + ".a;\nimport " + ROOT + ".b.B;\nclass A {}"),
                new Source(Path.of("b/B.java"), ROOT + ".b", "package " + ROOT + ".b;\nclass B { " + ROOT + ".c.C c; }"),
                new Source(Path.of("c/C.java"), ROOT + ".c", "package " + ROOT + ".c;\nimport static " + ROOT + ".a.A.x;\nclass C {}"),
                new Source(Path.of("d/D.java"), ROOT + ".d", "package " + ROOT + ".d;\nimport " + ROOT + ".a.A;\nclass D {}"));
        List<List<Edge>> cycles = cycles(graph(cyclic));
        assertThat(cycles).hasSize(1);
        assertThat(describe(cycles)).contains(ROOT + ".a -> " + ROOT + ".b (a/A.java)")
                .contains(ROOT + ".b -> " + ROOT + ".c (b/B.java)")
                .contains(ROOT + ".c -> " + ROOT + ".a (c/C.java)")
                .doesNotContain(ROOT + ".d");

        List<Source> chain = List.of(cyclic.get(0), new Source(Path.of("b/B.java"), ROOT + ".b", "package " + ROOT + ".b;\nclass B {}"));
        assertThat(cycles(graph(chain))).isEmpty();
    }

    static List<Source> sources() {
        Path main = Path.of("src/main/java");
        assertThat(main).as("run from the engine module folder").isDirectory();
        try (Stream<Path> files = Files.walk(main)) {
            List<Source> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher p = PACKAGE.matcher(text);
                out.add(new Source(main.relativize(f), p.find() ? p.group(1) : "", text));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Package to the packages it depends on, each with the first file that makes the dependency. */
    static Map<String, Map<String, Edge>> graph(List<Source> sources) {
        Set<String> packages = new TreeSet<>();
        sources.forEach(s -> packages.add(s.pkg()));
        Map<String, Map<String, Edge>> graph = new TreeMap<>();
        for (Source s : sources) {
            Map<String, Edge> out = graph.computeIfAbsent(s.pkg(), k -> new TreeMap<>());
            String code = stripComments(s.text());
            List<String> targets = new ArrayList<>();
            Matcher imp = IMPORT.matcher(code);
            while (imp.find()) {
                targets.add(owningPackage(imp.group(1), packages));
            }
            Matcher q = QUALIFIED.matcher(IMPORT.matcher(code).replaceAll(""));
            while (q.find()) {
                targets.add(q.group(1));
            }
            for (String t : targets) {
                if (t != null && packages.contains(t) && !t.equals(s.pkg())) {
                    out.putIfAbsent(t, new Edge(s.pkg(), t, s.file()));
                }
            }
        }
        return graph;
    }

    /** The engine package a name (a type, or a static member of one) lives in; null outside the engine. */
    static String owningPackage(String name, Set<String> packages) {
        for (String p = name; p.contains("."); p = p.substring(0, p.lastIndexOf('.'))) {
            if (packages.contains(p)) {
                return p;
            }
        }
        return null;
    }

    static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    /** One cycle per strongly connected component of more than one package (Tarjan), as the edges around it. */
    static List<List<Edge>> cycles(Map<String, Map<String, Edge>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, components, counter);
            }
        }
        List<List<Edge>> cycles = new ArrayList<>();
        for (Set<String> c : components) {
            if (c.size() > 1) {
                cycles.add(cycleWithin(c, graph));
            }
        }
        return cycles;
    }

    private static void strongConnect(String v, Map<String, Map<String, Edge>> graph, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<Set<String>> components, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }

    /** A shortest way back to the component's first package, through the component (breadth first). */
    private static List<Edge> cycleWithin(Set<String> component, Map<String, Map<String, Edge>> graph) {
        String start = component.iterator().next();
        Map<String, Edge> cameBy = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (Edge e : graph.getOrDefault(v, Map.of()).values()) {
                if (!component.contains(e.to())) {
                    continue;
                }
                if (e.to().equals(start)) {
                    List<Edge> path = new ArrayList<>(List.of(e));
                    for (String at = v; !at.equals(start); at = cameBy.get(at).from()) {
                        path.add(0, cameBy.get(at));
                    }
                    return path;
                }
                if (!cameBy.containsKey(e.to())) {
                    cameBy.put(e.to(), e);
                    queue.add(e.to());
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in " + component);
    }

    static String describe(List<List<Edge>> cycles) {
        StringBuilder sb = new StringBuilder();
        for (List<Edge> cycle : cycles) {
            sb.append("cycle:\n");
            for (Edge e : cycle) {
                sb.append("  ").append(e.from()).append(" -> ").append(e.to()).append(" (").append(e.file()).append(")\n");
            }
        }
        return sb.toString();
    }
}
