package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.render.RenderCache;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.RenderSpec;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.MirrorCache;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitops render}: renders a path of a repository at a revision. Prints the manifests (or
 * writes them to {@code --out}); with {@code --output json}, prints a summary instead. Credentials
 * come from the environment ({@code GITOPS_GIT_USERNAME}, {@code GITOPS_GIT_PASSWORD} or
 * {@code GITOPS_GIT_TOKEN}), never from arguments, which other users can read in the process list.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render the manifests of a path of a Git repository (or local folder) at a revision.")
public final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, description = "Repository URL or local path.")
    String repo;

    @Option(names = "--revision", defaultValue = "HEAD", description = "Branch, tag or commit SHA (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--path", defaultValue = ".", description = "Folder in the repository (default: the root).")
    String path;

    @Option(names = "--tool", defaultValue = "auto", description = "auto, kustomize, helm or directory (default: ${DEFAULT-VALUE}).")
    String tool;

    @Option(names = "--out", description = "Write the manifests to this file (atomically) instead of standard output.")
    Path out;

    @Option(names = "--output", defaultValue = "yaml", description = "yaml (the manifests) or json (a summary).")
    String output;

    @Option(names = "--shallow", description = "Fetch only the revision, at depth 1 (a branch, tag or full SHA; "
            + "an abbreviated SHA, or a server that does not hand out commits by SHA, falls back to a full fetch and says so).")
    boolean shallow;

    @Option(names = "--cache-dir", description = "Mirror and render cache folder (default: ~/.cache/gitops).")
    Path cacheDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("yaml") && !output.equals("json")) {
            err.println("gitops render: --output must be yaml or json, not '" + output + "'");
            return 2;
        }
        try {
            RenderResult result = CliRender.render(repo, revision, path, RenderSpec.of(RenderSpec.Tool.parse(tool)), cacheDir, shallow,
                    line -> {
                        err.println("gitops render: " + line);
                        err.flush();
                    });
            if (out != null) {
                result.set().writeYaml(out);
            }
            if (output.equals("json")) {
                spec.commandLine().getOut().println(summary(result));
            } else if (out == null) {
                Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
                result.set().writeYaml(w);
                w.flush();
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (GitopsException e) {
            err.println("gitops render: " + e.getMessage());
            return 1;
        }
    }

    static String summary(RenderResult result) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("revision", result.set().revision());
        json.put("renderer", result.set().renderer());
        json.put("toolVersion", result.set().toolVersion());
        json.put("digest", result.set().digest());
        json.put("objects", result.set().size());
        json.put("durationMs", result.duration().toMillis());
        json.put("cacheHit", result.cacheHit());
        return json.toString();
    }
}
