package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Evaluates one {@code .jsonnet} file in-process with sjsonnet (a JVM Jsonnet, so no binary is
 * needed on any agent), as Argo CD's go-jsonnet VM does for a directory source: ext vars and
 * top-level arguments (strings and code), the file's folder then the library paths as import
 * paths. Imports may only read files of the checkout (sjsonnet's allowed inputs; a symbolic link
 * out of it does not count), so a repository cannot pull {@code /etc/passwd} or an agent's
 * credentials into a manifest.
 */
final class JsonnetEvaluator {

    private JsonnetEvaluator() {
    }

    /** The JSON text of the file's value; errors name the file and line as sjsonnet reports them. */
    static String evaluate(Path root, Path file, JsonnetOptions options, Set<os.Path> allowed) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        List<String> args = new ArrayList<>();
        add(args, "--ext-str", options.extVars());
        add(args, "--ext-code", options.extCode());
        add(args, "--tla-str", options.tlas());
        add(args, "--tla-code", options.tlaCode());
        for (String lib : options.libs()) {
            args.add("--jpath");
            args.add(library(root, lib).toString());
        }
        args.add(file.toAbsolutePath().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = sjsonnet.SjsonnetMain.main0(args.toArray(String[]::new), new sjsonnet.DefaultParseCache(),
                    new ByteArrayInputStream(new byte[0]), o, e, new os.Path(file.getParent().toAbsolutePath()),
                    scala.Option.apply(scala.jdk.javaapi.CollectionConverters.asScala(allowed).toSet()),
                    sjsonnet.SjsonnetMain.main0$default$8(), sjsonnet.SjsonnetMain.main0$default$9());
        } catch (LinkageError e) {
            // std.parseYaml: sjsonnet calls SnakeYAML 1's full Constructor, which is not on the class path (by design).
            throw new RenderException("jsonnet " + rel + ": uses a function this Jsonnet does not support here (std.parseYaml): " + e);
        } catch (RuntimeException e) {
            throw new RenderException("jsonnet " + rel + ": " + e.getMessage(), e);
        }
        if (code != 0) {
            String message = err.toString(StandardCharsets.UTF_8).strip().replace(root.toAbsolutePath() + "/", "");
            throw new RenderException("jsonnet " + rel + ": " + (message.isEmpty() ? "evaluation failed (exit " + code + ")" : message));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void add(List<String> args, String flag, Map<String, String> values) {
        values.forEach((k, v) -> {
            args.add(flag);
            args.add(k + "=" + v); // always with '=': a bare name would make sjsonnet read the agent's environment
        });
    }

    /** A library path relative to the repository root (Argo CD resolves it so), which must stay inside it. */
    private static Path library(Path root, String lib) {
        String l = lib.startsWith("/") ? lib.substring(1) : lib;
        Path dir = root.resolve(l).normalize();
        try {
            if (!dir.startsWith(root) || !Files.isDirectory(dir) || !dir.toRealPath().startsWith(root.toRealPath())) {
                throw new RenderException("jsonnet library path '" + lib + "' " + (Files.isDirectory(dir) ? "is outside the repository" : "is not a folder of the repository"));
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new RenderException("jsonnet library path '" + lib + "': " + e.getMessage(), e);
        }
    }

    /** Every file of the checkout whose real path stays inside it (outside {@code .git}): what imports may read. */
    static Set<os.Path> readable(Path root) {
        Set<os.Path> files = new HashSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            Path realRoot = root.toRealPath();
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !inGit(root.relativize(p))).toList()) {
                if (p.toRealPath().startsWith(realRoot)) {
                    files.add(new os.Path(p.toAbsolutePath().normalize()));
                }
            }
        } catch (IOException e) {
            throw new RenderException("jsonnet: cannot list the repository's files: " + e.getMessage(), e);
        }
        return files;
    }

    /** A local working copy's {@code .git} folder is no input of a render (and would make the walk long). */
    private static boolean inGit(Path rel) {
        for (Path part : rel) {
            if (part.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }
}
