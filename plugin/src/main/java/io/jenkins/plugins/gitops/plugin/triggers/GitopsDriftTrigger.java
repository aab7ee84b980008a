package io.jenkins.plugins.gitops.plugin.triggers;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.StreamTaskListener;
import io.jenkins.plugins.gitops.plugin.agent.RenderRunner;
import io.jenkins.plugins.gitops.plugin.agent.SyncOutcome;
import io.jenkins.plugins.gitops.plugin.agent.SyncRequest;
import io.jenkins.plugins.gitops.plugin.agent.SyncWork;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterAccess;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterFields;
import io.jenkins.plugins.gitops.plugin.cluster.ClusterRestrictions;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.credentials.GitAuth;
import io.jenkins.plugins.gitops.plugin.steps.ClusterForm;
import io.jenkins.plugins.gitops.plugin.steps.ClusterStep;
import io.jenkins.plugins.gitops.plugin.steps.GitopsSyncStep;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import io.jenkins.plugins.gitops.source.GitSource;
import io.jenkins.plugins.gitops.source.RemoteRefs;
import io.jenkins.plugins.gitops.sync.Action;
import java.io.File;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Self-heal through Jenkins: on its cron spec (polled from a pool thread, never the cron thread,
 * one poll at a time per job) asks two questions and starts a build when either says yes, never
 * twice for the same (revision, drift digest) (see {@link DriftWatch}):
 * <ul>
 *   <li>did the branch move? One ref listing of the repository ({@code RemoteRefs}): no clone;</li>
 *   <li>did the live state drift? The engine's diff of the cluster against the manifests the app's
 *       last sync applied, which its history stores ({@code SyncEngine.diffLastApplied}).</li>
 * </ul>
 * So the controller never checks out a repository or runs kustomize or Helm: rendering happens in
 * the build it starts, on an agent. The poll log is {@code gitops-drift/poll.log} in the job folder.
 * Declarative:
 * {@code triggers { gitopsDriftTrigger(spec: 'H/10 * * * *', app: 'kfp', repo: '...', path: 'apps/pipelines', cluster: 'prod') }}.
 */
public final class GitopsDriftTrigger extends PollingTrigger {

    private static final Logger LOGGER = Logger.getLogger(GitopsDriftTrigger.class.getName());
    static final String STATE_FILE = "gitops-drift-trigger.xml";
    static final String WORK_DIR = "gitops-drift";

    private final String app;
    private final String repo;
    private String apps = "";
    private String revision = "";
    private String path = "";
    private String credentialsId = "";
    /** The cluster fields ({@link ClusterFields}, declared once for the steps, their builders and the drift trigger). */
    private ClusterFields clusterFields = new ClusterFields();

    // The cluster fields under the names a drift trigger saved before ClusterFields held them: XStream fills
    // transient fields when it reads, readResolve moves them into clusterFields, nothing writes them.
    private transient String clusterCredentialsId;
    private transient String context;
    private transient String server;
    private transient String caCredentialsId;
    private transient String namespace;
    private transient String inventoryNamespace;
    private transient String cluster;
    private transient boolean inCluster;

    @DataBoundConstructor
    public GitopsDriftTrigger(String spec, String app, String repo) {
        super(spec);
        this.app = Util.fixNull(app).strip();
        this.repo = Util.fixNull(repo).strip();
    }

    public String getApp() {
        return app;
    }

    public String getRepo() {
        return repo;
    }

    /** More apps checked in the same poll (names separated by spaces, commas or lines); "" for {@code app} alone. */
    public String getApps() {
        return apps;
    }

    @DataBoundSetter
    public void setApps(String apps) {
        this.apps = Util.fixNull(apps).strip();
    }

    /** {@code app} and then {@code apps}, each once, in order. */
    List<String> appNames() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        if (!app.isEmpty()) {
            names.add(app);
        }
        for (String n : apps.split("[\\s,]+")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        return List.copyOf(names);
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = Util.fixNull(revision).strip();
    }

    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = Util.fixNull(path).strip();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId).strip();
    }

    public String getClusterCredentialsId() {
        return clusterFields.getClusterCredentialsId();
    }

    @DataBoundSetter
    public void setClusterCredentialsId(String clusterCredentialsId) {
        clusterFields.setClusterCredentialsId(clusterCredentialsId);
    }

    public String getContext() {
        return clusterFields.getContext();
    }

    @DataBoundSetter
    public void setContext(String context) {
        clusterFields.setContext(context);
    }

    public String getServer() {
        return clusterFields.getServer();
    }

    @DataBoundSetter
    public void setServer(String server) {
        clusterFields.setServer(server);
    }

    public String getCaCredentialsId() {
        return clusterFields.getCaCredentialsId();
    }

    @DataBoundSetter
    public void setCaCredentialsId(String caCredentialsId) {
        clusterFields.setCaCredentialsId(caCredentialsId);
    }

    public String getNamespace() {
        return clusterFields.getNamespace();
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        clusterFields.setNamespace(namespace);
    }

    /** A named cluster of the global configuration; "" for the inline fields. */
    public String getCluster() {
        return clusterFields.getCluster();
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        clusterFields.setCluster(cluster);
    }

    /** Only through a named cluster: the trigger runs on the controller (see {@link ClusterAccess#inCluster}). */
    public boolean isInCluster() {
        return clusterFields.isInCluster();
    }

    @DataBoundSetter
    public void setInCluster(boolean inCluster) {
        clusterFields.setInCluster(inCluster);
    }

    public String getInventoryNamespace() {
        return clusterFields.getInventoryNamespace();
    }

    @DataBoundSetter
    public void setInventoryNamespace(String inventoryNamespace) {
        clusterFields.setInventoryNamespace(inventoryNamespace);
    }

    @Override
    void poll(Job<?, ?> j) {
        File dir = new File(j.getRootDir(), WORK_DIR);
        try (StreamTaskListener listener = new StreamTaskListener(new File(mkdirs(dir), "poll.log"), StandardCharsets.UTF_8)) {
            try {
                GitAuth auth = credentialsId.isEmpty() ? GitAuth.none() : CredentialLookup.git(credentialsId, CredentialLookup.inItem(credentialsId, j));
                String head = RemoteRefs.resolve(GitSource.of(repo, revision.isEmpty() ? "HEAD" : revision)
                        .withCredentials(auth.toSourceCredentials()), line -> listener.getLogger().println("gitopsDriftTrigger: " + line));
                ClusterAccess access = clusterFields.settings().resolve(j, clusterFields.getNamespace(), "gitopsDriftTrigger");
                SyncRequest drift = SyncRequest.drift(app, head).namespace(clusterFields.getNamespace())
                        .inventoryNamespace(clusterFields.getInventoryNamespace()).initiator("drift trigger").build();
                // every app of the trigger in one engine call: one LIST per kind and namespace scope for all of them
                List<SyncWork.AppDrift> checked = SyncWork.drift(appNames(), drift, access, listener.getLogger());
                StringBuilder digest = new StringBuilder();
                List<String> drifted = new java.util.ArrayList<>();
                int compared = 0;
                for (SyncWork.AppDrift a : checked) {
                    if (a.outcome() == null || !a.outcome().succeeded()) {
                        listener.getLogger().println("gitopsDriftTrigger: app " + a.app() + ": the diff failed, left out of this poll: "
                                + (a.outcome() == null ? a.error() : a.outcome().message()));
                        continue;
                    }
                    compared++;
                    if (!a.outcome().inSync()) {
                        digest.append(a.app()).append(' ').append(driftDigest(a.outcome())).append('\n');
                        drifted.add(a.app() + ": " + a.outcome().counts());
                    }
                }
                if (compared == 0) {
                    listener.getLogger().println("gitopsDriftTrigger: no app could be compared, not firing");
                    return;
                }
                // one app: its own digest, as the trigger recorded it before it watched several (no second build after an upgrade)
                String combined = digest.length() == 0 ? "" : checked.size() == 1 ? driftDigest(checked.get(0).outcome()) : sha256(digest.toString());
                DriftWatch.Reason reason = offer(j, head, combined);
                listener.getLogger().println("gitopsDriftTrigger: " + (drifted.isEmpty() ? "in sync" : "drifted: " + String.join("; ", drifted))
                        + "; branch at " + head + (reason == null ? "; no build" : "; starting a build (" + reason + ")"));
                if (reason != null) {
                    String why = reason == DriftWatch.Reason.DRIFT ? "live state drifted from its last sync (" + String.join("; ", drifted) + ")"
                            : "branch moved to " + RenderRunner.shortSha(head);
                    LOGGER.info(() -> j.getFullName() + ": app " + app + ": " + why + ", scheduling a build");
                    ParameterizedJobMixIn.scheduleBuild2(j, 0, new CauseAction(new DriftCause(app, head, why)));
                }
            } catch (IOException | RuntimeException e) {
                listener.getLogger().println("gitopsDriftTrigger: poll failed: " + e.getMessage());
                LOGGER.log(Level.WARNING, j.getFullName() + ": drift poll for app " + app + " failed: " + e.getMessage());
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, j.getFullName() + ": cannot write the drift poll log", e);
        }
    }

    private static File mkdirs(File dir) throws IOException {
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("cannot create " + dir);
        }
        return dir;
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of what differs: the objects that are not unchanged, their actions and their diffs (already masked). */
    static String driftDigest(SyncOutcome d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (SyncOutcome.Line o : d.objects()) {
                if (o.action() != Action.UNCHANGED) {
                    String line = o.group() + "/" + o.kind() + "/" + o.namespace() + "/" + o.name() + " " + o.action().display()
                            + "\n" + o.diff() + "\n";
                    sha.update(line.getBytes(StandardCharsets.UTF_8));
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trigger saved before some of its fields (apps, the cluster fields' holder) existed; then the cron spec, as every trigger reads it. */
    @Override
    protected Object readResolve() throws ObjectStreamException {
        if (apps == null) { // a trigger saved before it watched several apps
            apps = "";
        }
        if (clusterFields == null) {
            clusterFields = ClusterFields.of(clusterCredentialsId, context, server, caCredentialsId, namespace, inventoryNamespace, cluster, inCluster);
        }
        return super.readResolve();
    }

    private DriftWatch.Reason offer(Job<?, ?> j, String rev, String digest) throws IOException {
        String watched = (apps.isEmpty() ? app : String.join(",", appNames())) + " " + repo + " " + path + " " + revision;
        return offer(j, STATE_FILE, DriftWatch.class, DriftWatch::new, w -> w.offer(watched, rev, digest));
    }

    @Extension
    @Symbol("gitopsDriftTrigger")
    public static final class DescriptorImpl extends PollingDescriptor implements ClusterForm {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Build when a GitOps app drifts from Git or its branch moves";
        }

        /** The trigger polls on the controller: a named cluster only ({@link ClusterStep#controllerOnly}). */
        @Override
        public boolean runsOnController() {
            return true;
        }

        /** The inventory namespace a new trigger offers ({@code ${descriptor.defaultInventoryNamespace}} in its view): the engine's default. */
        public String getDefaultInventoryNamespace() {
            return ClusterRestrictions.INVENTORY_NAMESPACE;
        }

        /** The trigger's own help first; the cluster fields' help is the cluster steps' (ClusterStep/help-*.html). */
        @Override
        public String getHelpFile(String fieldName) {
            String own = super.getHelpFile(fieldName);
            return own != null ? own : Jenkins.get().getDescriptorByType(GitopsSyncStep.DescriptorImpl.class).getHelpFile(fieldName);
        }

        @POST
        public FormValidation doCheckRepo(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            return FormChecks.repo(item, value);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String credentialsId,
                @QueryParameter String repo) {
            return CredentialsFields.fill(item, credentialsId, repo, CredentialsFields.GIT);
        }
    }
}
