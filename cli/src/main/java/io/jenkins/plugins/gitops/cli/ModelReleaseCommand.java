package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.gitops.model.ModelRegistryClient;
import io.jenkins.plugins.gitops.model.ModelRegistryException;
import io.jenkins.plugins.gitops.model.ModelRegistryOptions;
import io.jenkins.plugins.gitops.model.ModelRelease;
import io.jenkins.plugins.gitops.model.ModelReleaseFinder;
import io.jenkins.plugins.gitops.model.ModelVersionPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops model-release}: the newest version of a Kubeflow Model Registry model that the
 * policy accepts, as the build parameters the Jenkins model trigger passes (MODEL_NAME,
 * MODEL_VERSION, MODEL_VERSION_ID, MODEL_URI, MODEL_FORMAT). For CT scripts outside Jenkins.
 */
@Command(name = "model-release", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the newest model version in a Kubeflow Model Registry that a policy accepts.",
                "The bearer token comes from $GITOPS_MODEL_REGISTRY_TOKEN (never from the command line)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:found", "1:error, or no version qualifies", "2:bad usage"})
public final class ModelReleaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", required = true, description = "Model Registry REST URL, e.g. http://model-registry-service.kubeflow:8080")
    String registry;

    @Option(names = "--model", required = true, description = "Registered model name.")
    String model;

    @Option(names = "--version-pattern", description = "Regex the whole version name must match (default: any).")
    String versionPattern = "";

    @Option(names = "--property", description = "key=value a version's custom properties must hold, e.g. stage=production. Repeatable.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--ca-file", description = "PEM file of extra CAs to trust.")
    Path caFile;

    @Option(names = "--output", description = "json (default) or env (KEY=value lines for a shell).")
    String output = "json";

    @Override
    public Integer call() throws Exception {
        if (!output.equals("json") && !output.equals("env")) {
            spec.commandLine().getErr().println("model-release: --output must be json or env, got '" + output + "'");
            return 2;
        }
        try {
            String token = System.getenv().getOrDefault("GITOPS_MODEL_REGISTRY_TOKEN", "");
            ModelRegistryOptions options = ModelRegistryOptions.of(registry, token).withCaCertificates(caFile);
            ModelVersionPolicy policy = new ModelVersionPolicy(versionPattern, ModelVersionPolicy.parseProperties(properties));
            ModelRelease release = new ModelReleaseFinder(new ModelRegistryClient(options)).newest(model, policy);
            Map<String, String> params = release.parameters();
            if (output.equals("env")) {
                params.forEach((k, v) -> spec.commandLine().getOut().println(k + "=" + v));
            } else {
                spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(params));
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ModelRegistryException e) {
            return ExitCodes.report(spec.commandLine().getErr(), "model-release", e);
        }
    }
}
