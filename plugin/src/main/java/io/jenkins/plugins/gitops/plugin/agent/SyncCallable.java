package io.jenkins.plugins.gitops.plugin.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs a sync or diff on the agent that holds the workspace (where the rendered manifests are).
 * The cluster access travels with the call and is never stored. Aborting the build interrupts
 * this call; the log then says how many writes had reached the cluster.
 */
public final class SyncCallable extends MasterToSlaveFileCallable<SyncOutcome> {

    private static final long serialVersionUID = 1L;

    private final SyncRequest request;
    private final ClusterAccess access;
    private final TaskListener listener;

    SyncCallable(SyncRequest request, ClusterAccess access, TaskListener listener) {
        this.request = request;
        this.access = access;
        this.listener = listener;
    }

    @Override
    public SyncOutcome invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path ws = workspace.toPath().toAbsolutePath().normalize();
        Path file = ws.resolve(request.manifests()).normalize();
        if (request.manifests().isEmpty() || !file.startsWith(ws) || file.equals(ws)) {
            throw new AbortException(request.step() + ": manifests '" + request.manifests() + "' must be a file inside the workspace");
        }
        if (!Files.isRegularFile(file)) {
            throw new AbortException(request.step() + ": no manifests file " + request.manifests() + " in the workspace (run gitopsRender first, "
                    + "or give repo and path)");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return SyncWork.run(request, access, text, request.manifests(), listener.getLogger());
    }
}
