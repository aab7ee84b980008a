package io.jenkins.plugins.gitops.plugin.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.render.RenderResult;
import io.jenkins.plugins.gitops.render.RenderService;
import io.jenkins.plugins.gitops.render.chart.ChartSource;
import io.jenkins.plugins.gitops.source.GitSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs a render on the agent that holds the workspace: checks out through a mirror cache kept
 * beside the workspace ({@code <workspace>@tmp/gitops}, so jobs never share fetched objects), runs
 * the engine, and writes the manifests into the workspace. Engine errors come back as an
 * {@link AbortException} whose message is masked.
 */
public final class RenderCallable extends MasterToSlaveFileCallable<RenderOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Pattern SCP_LIKE = Pattern.compile("^[\\w.-]+@[\\w.-]+:.*");

    private final RenderRequest request;
    private final GitAuth auth;
    private final String cacheDir;
    private final TaskListener listener;

    RenderCallable(RenderRequest request, GitAuth auth, String cacheDir, TaskListener listener) {
        this.request = request;
        this.auth = auth;
        this.cacheDir = cacheDir;
        this.listener = listener;
    }

    @Override
    public RenderOutcome invoke(File workspace, VirtualChannel channel) throws IOException {
        Masker masker = new Masker(auth.secrets());
        Path ws = workspace.toPath().toAbsolutePath().normalize();
        Path out = ws.resolve(request.outputFile()).normalize();
        if (!out.startsWith(ws) || out.equals(ws)) {
            throw new AbortException("gitopsRender: outputFile '" + request.outputFile() + "' must be a file inside the workspace");
        }
        try {
            RenderService service = service(Path.of(cacheDir), line -> listener.getLogger().println(masker.mask("gitopsRender: " + line)));
            RenderResult result;
            if (!request.chart().isEmpty()) {
                ChartSource chart = new ChartSource(request.repo(), request.chart(), request.chartVersion(), auth.toChartCredentials(), false);
                listener.getLogger().println(masker.mask("gitopsRender: chart " + chart.describe()));
                result = service.render(chart, request.spec());
            } else {
                GitSource source = GitSource.of(repoLocation(ws), request.revision()).withCredentials(auth.toSourceCredentials())
                        .withShallow(request.shallow());
                listener.getLogger().println(masker.mask("gitopsRender: " + source.url() + " " + source.revision()
                        + (request.path().isEmpty() ? "" : " path " + request.path()) + " (" + request.tool() + ")"
                        + (request.shallow() ? ", shallow" : "")));
                result = service.render(source, request.path(), request.spec());
            }
            result.set().writeYaml(out);
            String relative = ws.relativize(out).toString().replace(File.separatorChar, '/');
            return RenderOutcome.of(result.summary(relative));
        } catch (GitopsException | IllegalArgumentException e) {
            throw new AbortException("gitopsRender: " + masker.mask(e.getMessage()));
        }
    }

    /** Git mirrors, charts and renders kept beside the workspace, in {@code cache} ({@code <workspace>@tmp/gitops}): the engine's layout. */
    static RenderService service(Path cache, java.util.function.Consumer<String> log) {
        return RenderService.inFolder(cache, RegistryOptions.defaults(), log);
    }

    /** Relative local paths mean a folder of the workspace (a repository checked out by the job). */
    private String repoLocation(Path ws) {
        String repo = request.repo().strip();
        boolean remote = repo.contains("://") || SCP_LIKE.matcher(repo).matches();
        return remote || Path.of(repo).isAbsolute() ? repo : ws.resolve(repo).normalize().toString();
    }
}
