package io.jenkins.plugins.gitops.plugin.triggers;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.StringParameterValue;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.model.ModelRegistryClient;
import io.jenkins.plugins.gitops.model.ModelRegistryOptions;
import io.jenkins.plugins.gitops.model.ModelRelease;
import io.jenkins.plugins.gitops.model.ModelReleaseFinder;
import io.jenkins.plugins.gitops.model.ModelVersionPolicy;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Starts a build when a Kubeflow Model Registry model gets a new version that a policy accepts
 * (LIVE, name pattern, custom properties such as {@code stage=production}), passing MODEL_NAME,
 * MODEL_VERSION, MODEL_VERSION_ID, MODEL_URI and MODEL_FORMAT. Polls on its cron spec off the cron
 * thread; the first poll records a baseline; a version never fires twice (see {@link TagWatch}).
 * Declarative: {@code triggers { gitopsModelTrigger(spec: 'H/5 * * * *', registryUrl: 'http://model-registry-service.kubeflow:8080', model: 'fraud', properties: 'stage=production') }}.
 */
public final class GitopsModelTrigger extends PollingTrigger {

    private static final Logger LOGGER = Logger.getLogger(GitopsModelTrigger.class.getName());
    static final String STATE_FILE = "gitops-model-trigger.xml";
    static final Set<String> PARAMETERS = Set.of("MODEL_NAME", "MODEL_VERSION", "MODEL_VERSION_ID", "MODEL_URI", "MODEL_FORMAT");

    private final String registryUrl;
    private final String model;
    private String versionPattern = "";
    private String properties = "";
    private String credentialsId = "";

    @DataBoundConstructor
    public GitopsModelTrigger(String spec, String registryUrl, String model) {
        super(spec);
        this.registryUrl = Util.fixNull(registryUrl).strip();
        this.model = Util.fixNull(model).strip();
    }

    public String getRegistryUrl() {
        return registryUrl;
    }

    public String getModel() {
        return model;
    }

    public String getVersionPattern() {
        return versionPattern;
    }

    @DataBoundSetter
    public void setVersionPattern(String versionPattern) {
        this.versionPattern = Util.fixNull(versionPattern).strip();
    }

    public String getProperties() {
        return properties;
    }

    /** {@code key=value} pairs, one per line or comma separated, that a version's custom properties must hold. */
    @DataBoundSetter
    public void setProperties(String properties) {
        this.properties = Util.fixNull(properties).strip();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** A Secret text credential holding the bearer token; empty for none. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixNull(credentialsId).strip();
    }

    @Override
    void poll(Job<?, ?> j) {
        String token = "";
        try {
            token = token(j);
            ModelVersionPolicy policy = new ModelVersionPolicy(versionPattern, ModelVersionPolicy.parseProperties(List.of(properties)));
            ModelRelease release = new ModelReleaseFinder(new ModelRegistryClient(ModelRegistryOptions.of(registryUrl, token)))
                    .newest(model, policy);
            if (offer(j, release.key())) {
                fire(j, release);
            }
        } catch (IOException | RuntimeException e) {
            Masker masker = new Masker(token.isEmpty() ? List.of() : List.of(token));
            LOGGER.log(Level.WARNING, j.getFullName() + ": model registry poll for " + model + " failed: " + masker.mask(e.getMessage()));
        }
    }

    /** The token, looked up with the authentication the job's builds run as. */
    private String token(Job<?, ?> j) throws AbortException {
        if (credentialsId.isEmpty()) {
            return "";
        }
        StandardCredentials c = CredentialLookup.inItem(credentialsId, j);
        if (c instanceof StringCredentials s) {
            return Secret.toString(s.getSecret());
        }
        throw CredentialLookup.missing("Model Registry", credentialsId, c, "Secret text (bearer token)");
    }

    private boolean offer(Job<?, ?> j, String key) throws IOException {
        return offer(j, STATE_FILE, TagWatch.class, TagWatch::new, w -> w.offer(registryUrl + " " + model + " " + versionPattern + " " + properties, key));
    }

    private void fire(Job<?, ?> j, ModelRelease release) {
        List<ParameterValue> values = new ArrayList<>();
        for (Map.Entry<String, String> p : release.parameters().entrySet()) {
            values.add(new StringParameterValue(p.getKey(), p.getValue()));
        }
        LOGGER.info(() -> j.getFullName() + ": new model version " + model + " " + release.version().name() + ", scheduling a build");
        ParameterizedJobMixIn.scheduleBuild2(j, 0,
                new CauseAction(new ModelVersionCause(model, release.version().name(), release.parameters().get("MODEL_URI"))),
                new ParametersAction(values, PARAMETERS));
    }

    @Extension
    @Symbol("gitopsModelTrigger")
    public static final class DescriptorImpl extends PollingDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Build when a model gets a new version (GitOps Kubeflow Model Registry trigger)";
        }

        @POST
        public FormValidation doCheckRegistryUrl(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            if (item != null && !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            try {
                ModelRegistryOptions.of(Util.fixNull(value), "");
                return FormValidation.ok();
            } catch (RuntimeException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public FormValidation doCheckVersionPattern(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
            if (item != null && !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            try {
                new ModelVersionPolicy(value, java.util.Map.of());
                return FormValidation.ok();
            } catch (RuntimeException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String credentialsId,
                @QueryParameter String registryUrl) {
            return CredentialsFields.fill(item, credentialsId, registryUrl, CredentialsMatchers.instanceOf(StringCredentials.class));
        }
    }
}
