package io.jenkins.plugins.gitops.plugin;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Items;
import hudson.model.Run;
import hudson.util.XStream2;
import io.jenkins.plugins.gitops.plugin.builders.GitopsRenderBuilder;
import io.jenkins.plugins.gitops.plugin.builders.GitopsRolloutBuilder;
import io.jenkins.plugins.gitops.plugin.builders.GitopsSyncBuilder;
import io.jenkins.plugins.gitops.plugin.builders.GitopsWaitHealthyBuilder;
import io.jenkins.plugins.gitops.plugin.builders.ImageUpdateBuilder;
import io.jenkins.plugins.gitops.plugin.cluster.GitopsGlobalConfiguration;
import io.jenkins.plugins.gitops.plugin.cluster.NamedCluster;
import io.jenkins.plugins.gitops.plugin.steps.GitopsRenderStep;
import io.jenkins.plugins.gitops.plugin.steps.GitopsRolloutStep;
import io.jenkins.plugins.gitops.plugin.steps.GitopsSyncStep;
import io.jenkins.plugins.gitops.plugin.steps.GitopsWaitHealthyStep;
import io.jenkins.plugins.gitops.plugin.steps.HealthCheck;
import io.jenkins.plugins.gitops.plugin.steps.ImageEntry;
import io.jenkins.plugins.gitops.plugin.steps.ImageUpdateStep;
import io.jenkins.plugins.gitops.plugin.steps.ValueEntry;
import io.jenkins.plugins.gitops.plugin.triggers.DriftCause;
import io.jenkins.plugins.gitops.plugin.triggers.DriftWatch;
import io.jenkins.plugins.gitops.plugin.triggers.GitopsDriftTrigger;
import io.jenkins.plugins.gitops.plugin.triggers.GitopsImageTrigger;
import io.jenkins.plugins.gitops.plugin.triggers.GitopsModelTrigger;
import io.jenkins.plugins.gitops.plugin.triggers.ModelVersionCause;
import io.jenkins.plugins.gitops.plugin.triggers.RegistryTagCause;
import io.jenkins.plugins.gitops.plugin.triggers.TagWatch;
import io.jenkins.plugins.gitops.plugin.ui.GitopsAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsEnvironmentAction;
import io.jenkins.plugins.gitops.plugin.ui.GitopsRecord;
import java.util.Map;

/**
 * The names the plugin's persisted classes had before they were split into packages by role (all of
 * them lived in {@code io.jenkins.plugins.gitops.plugin}, and three triggers had other names). Job
 * configurations, build records, the global configuration and the triggers' state files written
 * before name classes so; XStream reads those names as the classes below. A compatibility alias is
 * only read: what is saved from now on carries the new names. Nested classes appear under their
 * binary names ({@code GitopsRecord$Item}, written {@code GitopsRecord_-Item}) where a collection
 * holds them.
 */
public final class LegacyNames {

    /** The package every class was in before the split. */
    public static final String OLD_PACKAGE = "io.jenkins.plugins.gitops.plugin.";

    /** In a job's config.xml: builders, the steps the cluster builders keep as settings, nested describables, triggers. */
    public static final Map<String, Class<?>> JOB = Map.ofEntries(
            Map.entry(OLD_PACKAGE + "GitopsRenderBuilder", GitopsRenderBuilder.class),
            Map.entry(OLD_PACKAGE + "GitopsRolloutBuilder", GitopsRolloutBuilder.class),
            Map.entry(OLD_PACKAGE + "GitopsSyncBuilder", GitopsSyncBuilder.class),
            Map.entry(OLD_PACKAGE + "GitopsWaitHealthyBuilder", GitopsWaitHealthyBuilder.class),
            Map.entry(OLD_PACKAGE + "ImageUpdateBuilder", ImageUpdateBuilder.class),
            Map.entry(OLD_PACKAGE + "GitopsRenderStep", GitopsRenderStep.class),
            Map.entry(OLD_PACKAGE + "GitopsRolloutStep", GitopsRolloutStep.class),
            Map.entry(OLD_PACKAGE + "GitopsSyncStep", GitopsSyncStep.class),
            Map.entry(OLD_PACKAGE + "GitopsWaitHealthyStep", GitopsWaitHealthyStep.class),
            Map.entry(OLD_PACKAGE + "ImageUpdateStep", ImageUpdateStep.class),
            Map.entry(OLD_PACKAGE + "HealthCheck", HealthCheck.class),
            Map.entry(OLD_PACKAGE + "ImageEntry", ImageEntry.class),
            Map.entry(OLD_PACKAGE + "ValueEntry", ValueEntry.class),
            Map.entry(OLD_PACKAGE + "DriftTrigger", GitopsDriftTrigger.class),
            Map.entry(OLD_PACKAGE + "RegistryTrigger", GitopsImageTrigger.class),
            Map.entry(OLD_PACKAGE + "ModelRegistryTrigger", GitopsModelTrigger.class));

    /** In a build's build.xml: the run action and its records, the environment action, the triggers' causes. */
    public static final Map<String, Class<?>> BUILD = Map.ofEntries(
            Map.entry(OLD_PACKAGE + "GitopsAction", GitopsAction.class),
            Map.entry(OLD_PACKAGE + "GitopsRecord", GitopsRecord.class),
            Map.entry(OLD_PACKAGE + "GitopsRecord$Item", GitopsRecord.Item.class),
            Map.entry(OLD_PACKAGE + "GitopsEnvironmentAction", GitopsEnvironmentAction.class),
            Map.entry(OLD_PACKAGE + "DriftCause", DriftCause.class),
            Map.entry(OLD_PACKAGE + "ModelVersionCause", ModelVersionCause.class),
            Map.entry(OLD_PACKAGE + "RegistryTagCause", RegistryTagCause.class));

    /** In JENKINS_HOME/io.jenkins.plugins.gitops.plugin.GitopsGlobalConfiguration.xml: the configuration and its clusters. */
    public static final Map<String, Class<?>> GLOBAL = Map.of(
            OLD_PACKAGE + "GitopsGlobalConfiguration", GitopsGlobalConfiguration.class,
            OLD_PACKAGE + "NamedCluster", NamedCluster.class);

    /** The global configuration's file before the split (a descriptor's file is named by its class). */
    public static final String GLOBAL_CONFIGURATION_FILE = OLD_PACKAGE + "GitopsGlobalConfiguration.xml";

    /** In the triggers' state files beside a job (gitops-*-trigger.xml). */
    public static final Map<String, Class<?>> TRIGGER_STATE = Map.of(
            OLD_PACKAGE + "TagWatch", TagWatch.class,
            OLD_PACKAGE + "DriftWatch", DriftWatch.class);

    private LegacyNames() {
    }

    /** Before any job or build is loaded (JOB_LOADED comes after PLUGINS_STARTED). */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void register() {
        register(Items.XSTREAM2, JOB);
        register(Run.XSTREAM2, BUILD);
    }

    /** A new XStream that also reads {@code names}: for files a descriptor or trigger reads with its own XmlFile. */
    public static XStream2 xstream(Map<String, Class<?>> names) {
        XStream2 xs = new XStream2();
        register(xs, names);
        return xs;
    }

    static void register(XStream2 xs, Map<String, Class<?>> names) {
        names.forEach(xs::addCompatibilityAlias);
    }
}
