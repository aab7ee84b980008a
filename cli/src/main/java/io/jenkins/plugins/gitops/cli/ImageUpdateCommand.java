package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.ImageUpdateException;
import io.jenkins.plugins.gitops.image.ImageSpec;
import io.jenkins.plugins.gitops.image.ImageUpdateResult;
import io.jenkins.plugins.gitops.image.ImageUpdater;
import io.jenkins.plugins.gitops.image.edit.FileEditor;
import io.jenkins.plugins.gitops.image.edit.ValueChange;
import io.jenkins.plugins.gitops.image.policy.ImageDecision;
import io.jenkins.plugins.gitops.image.policy.TagQuery;
import io.jenkins.plugins.gitops.image.writeback.GitIdentity;
import io.jenkins.plugins.gitops.image.writeback.GitWriteOptions;
import io.jenkins.plugins.gitops.registry.RegistryClient;
import io.jenkins.plugins.gitops.registry.RegistryCredentials;
import io.jenkins.plugins.gitops.registry.RegistryHostConfig;
import io.jenkins.plugins.gitops.registry.RegistryOptions;
import io.jenkins.plugins.gitops.source.GitCredentials;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops image-update}: choose a tag per image from its registry (or take the one the
 * pipeline built), write it to the GitOps repository in one commit, push with bounded retries.
 * Only translates options into engine calls and prints the result.
 */
@Command(name = "image-update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Choose the tag of each image and commit it to a GitOps repository.",
                "Secrets: --registry-password defaults to $GITOPS_REGISTRY_PASSWORD, --git-password to $GITOPS_GIT_PASSWORD;",
                "prefer the environment to the command line, which other users can see."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:updated, or nothing to change", "1:error (registry, file, push)", "2:bad usage"})
public final class ImageUpdateCommand implements Callable<Integer> {

    /** One image: its name, how to choose its tag, where to write it. Repeat the group for several images (one commit). */
    static final class ImageOptions {
        @Option(names = "--image", required = true, description = "Image name, e.g. ghcr.io/acme/app (a tag here is the one the digest strategy follows).")
        String image;

        @Option(names = "--strategy", description = "semver, newest-build, digest, alphabetical, numerical. Omit with --tag/--digest.")
        String strategy;

        @Option(names = "--constraint", description = "Semver range: ^1.0, ~1.4.0, '>=1.0 <2', 1.2.x.")
        String constraint;

        @Option(names = "--pre-release", description = "Semver: consider pre-releases too.")
        boolean preRelease;

        @Option(names = "--order", description = "asc (highest, default) or desc (lowest), for alphabetical and numerical.")
        String order;

        @Option(names = "--allow-tags", description = "Regex a tag must contain a match of (regexp: prefix accepted).")
        String allowTags;

        @Option(names = "--ignore-tags", split = ",", description = "Globs of tags never chosen, comma separated.")
        List<String> ignoreTags = new ArrayList<>();

        @Option(names = "--extract", description = "Regex a tag must match; its group is compared, e.g. 'main-(?<ts>\\d+)-[a-f0-9]+'.")
        String extract;

        @Option(names = "--extract-group", description = "Group of --extract to compare: name, $name or number (default: the first).")
        String extractGroup;

        @Option(names = "--platform", description = "newest-build: platform whose build time counts, e.g. linux/arm64.")
        String platform;

        @Option(names = "--platforms", split = ",", description = "Only tags whose manifest or index provides all of these, e.g. linux/amd64,linux/arm64.")
        List<String> platforms;

        @Option(names = "--tag", description = "Explicit mode: the tag just built.")
        String tag;

        @Option(names = "--digest", description = "Explicit mode: the digest just built (sha256:...).")
        String digest;

        @Option(names = "--no-verify", description = "Explicit mode: do not check the tag exists in the registry.")
        boolean noVerify;

        @Option(names = "--policy", description = "Name setters refer to ({\"$imagepolicy\": \"ns:name\"}); default: last path component.")
        String policy;

        @Option(names = "--target", required = true, description = {"Where to write (repeatable):",
                "kustomization:DIR, helm-values:FILE:TAGPATH[:NAMEPATH], marker:FILE, manifest:FILE,",
                "argocd-app:FILE[:HELMPARAM], argocd-source:DIR:APP[:helm:PARAM]"})
        List<String> targets = new ArrayList<>();
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, description = "GitOps repository URL (https, http, file).")
    String repo;

    @Option(names = "--branch", defaultValue = "main", description = "Branch to check out (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--write-branch", description = "Push to this branch instead (created from --branch if missing).")
    String writeBranch;

    @Option(names = "--git-username", description = "User for the Git remote.")
    String gitUsername;

    @Option(names = "--git-password", defaultValue = "${env:GITOPS_GIT_PASSWORD}", description = "Password or token (default: $GITOPS_GIT_PASSWORD).")
    String gitPassword;

    @Option(names = "--author", description = "Commit author, 'Name <email>'.")
    String author;

    @Option(names = "--committer", description = "Committer, 'Name <email>' (default: the author).")
    String committer;

    @Option(names = "--message", description = "Commit message template: {app} {image} {oldTag} {newTag} {images} {changes} {buildUrl}.")
    String message;

    @Option(names = "--app", defaultValue = "", description = "Application name for the commit message.")
    String app;

    @Option(names = "--build-url", defaultValue = "${env:BUILD_URL}", description = "Build URL for the commit message (default: $BUILD_URL).")
    String buildUrl;

    @Option(names = "--max-attempts", defaultValue = "5", description = "Pushes tried when the branch moved meanwhile (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--registry-username", description = "User for the registries of the images.")
    String registryUsername;

    @Option(names = "--registry-password", defaultValue = "${env:GITOPS_REGISTRY_PASSWORD}",
            description = "Password or token (default: $GITOPS_REGISTRY_PASSWORD).")
    String registryPassword;

    @Option(names = "--insecure-registry", description = "Registry host[:port] reached over plain HTTP (repeatable).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-ca", description = "HOST=PEM: extra CA certificates for one registry (repeatable).")
    Map<String, Path> registryCas = new LinkedHashMap<>();

    @Option(names = "--registry-timeout", defaultValue = "10s", converter = Durations.class,
            description = "Registry timeout: 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration registryTimeout;

    @Option(names = "--set-value", description = "NAME=VALUE set through marker comments {\"$gitops\": \"NAME\"} (repeatable), e.g. a model URI.")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(names = "--value-target", description = "marker:FILE holding the --set-value markers (repeatable).")
    List<String> valueTargets = new ArrayList<>();

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String output;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<ImageOptions> images = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (images.isEmpty() && values.isEmpty()) {
            err.println("image-update: give at least one --image (with --target) or --set-value (with --value-target)");
            return 2;
        }
        try {
            List<ImageSpec> specs = new ArrayList<>();
            for (ImageOptions o : images) {
                specs.add(imageSpec(o));
            }
            List<FileEditor.Assignment> valueAssignments = FileEditor.Assignment.values(values, valueTargets);
            if (!values.isEmpty() && valueTargets.isEmpty()) {
                err.println("image-update: --set-value needs --value-target marker:FILE");
                return 2;
            }
            List<String> log = new ArrayList<>();
            ImageUpdater updater = new ImageUpdater(new RegistryClient(registryOptions(specs)), line -> {
                log.add(line);
                if (!output.equals("json")) {
                    err.println(line);
                }
            });
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("app", app);
            vars.put("buildUrl", buildUrl == null ? "" : buildUrl);
            ImageUpdateResult result = updater.update(specs, valueAssignments, gitOptions(), vars);
            print(out, result);
            return 0;
        } catch (ImageUpdateException e) {
            return ExitCodes.report(err, "image-update", e);
        }
    }

    private static ImageSpec imageSpec(ImageOptions o) {
        TagQuery query = TagQuery.builder(o.image).strategy(o.strategy).constraint(o.constraint).preRelease(o.preRelease).order(o.order)
                .allowTags(o.allowTags).ignoreTags(o.ignoreTags).extract(o.extract, o.extractGroup).platform(o.platform)
                .platforms(o.platforms).tag(o.tag).digest(o.digest).verify(!o.noVerify).build();
        return ImageSpec.of(query, o.policy, o.targets);
    }

    private RegistryOptions registryOptions(List<ImageSpec> specs) {
        RegistryOptions options = RegistryOptions.defaults().withTimeout(registryTimeout);
        RegistryCredentials credentials = registryUsername == null ? null
                : new RegistryCredentials(registryUsername, registryPassword == null ? "" : registryPassword);
        for (ImageSpec s : specs) {
            String host = s.image().registry();
            options = options.withHost(new RegistryHostConfig(host, insecureRegistries.contains(host), registryCas.get(host), credentials));
        }
        return options;
    }

    private GitWriteOptions gitOptions() {
        GitCredentials credentials = gitUsername == null ? GitCredentials.none()
                : GitCredentials.usernamePassword(gitUsername, gitPassword == null ? "" : gitPassword);
        GitIdentity a = author == null ? null : GitIdentity.parse(author);
        GitIdentity c = committer == null ? null : GitIdentity.parse(committer);
        return new GitWriteOptions(repo, branch, writeBranch, credentials, a, c, message, maxAttempts, null);
    }

    private void print(PrintWriter out, ImageUpdateResult result) {
        if (output.equals("json")) {
            out.println(result.toJson());
            return;
        }
        for (ImageDecision d : result.decisions()) {
            out.println(d.chosen() + "  (" + d.reason() + ")");
        }
        for (ValueChange c : result.writeBack().changes()) {
            out.println("  " + c);
        }
        out.println(result.writeBack().summary());
    }
}
