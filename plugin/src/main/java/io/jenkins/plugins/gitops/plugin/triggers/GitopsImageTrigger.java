package io.jenkins.plugins.gitops.plugin.triggers;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.StringParameterValue;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.image.policy.ImageDecision;
import io.jenkins.plugins.gitops.image.policy.TagQuery;
import io.jenkins.plugins.gitops.image.policy.TagResolver;
import io.jenkins.plugins.gitops.plugin.agent.RenderRequest;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.plugin.credentials.CredentialsFields;
import io.jenkins.plugins.gitops.plugin.credentials.Masker;
import io.jenkins.plugins.gitops.plugin.credentials.RegistryAuth;
import io.jenkins.plugins.gitops.plugin.ui.FormChecks;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Starts a build of a continuous-training (or deployment) job when an image gets a new tag that
 * matches a strategy, passing {@code IMAGE}, {@code TAG} and {@code DIGEST} as parameters. Polls on
 * its cron spec, off the cron thread; never fires twice for the same tag (see {@link TagWatch}).
 * Declarative: {@code triggers { gitopsImageTrigger(spec: 'H/5 * * * *', image: 'ghcr.io/acme/trainer', constraint: '^2') }}.
 */
public final class GitopsImageTrigger extends PollingTrigger {

    private static final Logger LOGGER = Logger.getLogger(GitopsImageTrigger.class.getName());
    static final String STATE_FILE = "gitops-registry-trigger.xml";
    static final Set<String> PARAMETERS = Set.of("IMAGE", "TAG", "DIGEST");

    private final String image;
    private String strategy = "semver";
    private String constraint = "";
    private String allowTags = "";
    private String ignoreTags = "";
    private String registryCredentialsId = "";
    private boolean insecureRegistry;

    @DataBoundConstructor
    public GitopsImageTrigger(String spec, String image) {
        super(spec);
        this.image = Util.fixNull(image).strip();
    }

    public String getImage() {
        return image;
    }

    public String getStrategy() {
        return strategy;
    }

    @DataBoundSetter
    public void setStrategy(String strategy) {
        this.strategy = Util.fixEmptyAndTrim(strategy) == null ? "semver" : strategy.strip();
    }

    public String getConstraint() {
        return constraint;
    }

    @DataBoundSetter
    public void setConstraint(String constraint) {
        this.constraint = Util.fixNull(constraint).strip();
    }

    public String getAllowTags() {
        return allowTags;
    }

    @DataBoundSetter
    public void setAllowTags(String allowTags) {
        this.allowTags = Util.fixNull(allowTags).strip();
    }

    public String getIgnoreTags() {
        return ignoreTags;
    }

    @DataBoundSetter
    public void setIgnoreTags(String ignoreTags) {
        this.ignoreTags = Util.fixNull(ignoreTags).strip();
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixNull(registryCredentialsId).strip();
    }

    public boolean isInsecureRegistry() {
        return insecureRegistry;
    }

    @DataBoundSetter
    public void setInsecureRegistry(boolean insecureRegistry) {
        this.insecureRegistry = insecureRegistry;
    }

    @Override
    void poll(Job<?, ?> j) {
        RegistryAuth auth = null;
        try {
            // The trigger never writes: it asks the engine's resolver a query, with no write target.
            TagQuery query = TagQuery.builder(image).strategy(strategy).constraint(constraint).allowTags(allowTags)
                    .ignoreTags(RenderRequest.lines(ignoreTags)).build();
            auth = CredentialLookup.registry(registryCredentialsId, j);
            RegistryOptions options = RegistryOptions.defaults().withHost(new RegistryHostConfig(query.image().registry(), insecureRegistry,
                    null, auth == null ? null : auth.toEngine()));
            ImageDecision decision = new TagResolver(new RegistryClient(options)).resolve(query);
            String tag = decision.chosen().tag().orElse("");
            String digest = decision.chosen().digest().orElse("");
            String key = "digest".equalsIgnoreCase(strategy) ? tag + "@" + digest : tag;
            if (offer(j, key)) {
                fire(j, decision.chosen().name(), tag, digest);
            }
        } catch (IOException | RuntimeException e) {
            Masker masker = new Masker(auth == null ? List.of() : auth.secrets());
            LOGGER.log(Level.WARNING, j.getFullName() + ": registry poll for " + image + " failed: " + masker.mask(e.getMessage()));
        }
    }

    private boolean offer(Job<?, ?> j, String key) throws IOException {
        return offer(j, STATE_FILE, TagWatch.class, TagWatch::new, w -> w.offer(image + " " + strategy + " " + constraint + " " + allowTags + " " + ignoreTags, key));
    }

    private void fire(Job<?, ?> j, String name, String tag, String digest) {
        List<ParameterValue> values = List.of(new StringParameterValue("IMAGE", name), new StringParameterValue("TAG", tag),
                new StringParameterValue("DIGEST", digest));
        LOGGER.info(() -> j.getFullName() + ": new tag " + name + ":" + tag + ", scheduling a build");
        ParameterizedJobMixIn.scheduleBuild2(j, 0, new CauseAction(new RegistryTagCause(name, tag, digest)),
                new ParametersAction(values, PARAMETERS));
    }

    @Extension
    @Symbol("gitopsImageTrigger")
    public static final class DescriptorImpl extends PollingDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Build when an image gets a new tag (GitOps registry trigger)";
        }

        @POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath @CheckForNull Item item,
                @QueryParameter String registryCredentialsId) {
            return CredentialsFields.fill(item, registryCredentialsId, null, CredentialsFields.REGISTRY);
        }

        public ListBoxModel doFillStrategyItems() {
            ListBoxModel m = FormChecks.strategies();
            m.removeIf(o -> "explicit".equals(o.value));
            return m;
        }
    }
}
