package io.jenkins.plugins.gitops.app;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The unit of GitOps: what to deploy (one or more sources), where (a destination), how (sync
 * options). Argo CD {@code Application} manifests parse into it ({@link ApplicationParser}); the
 * Jenkins steps and the CLI build it from their parameters.
 *
 * @param name the app name (an Application's {@code metadata.name})
 * @param namespace the namespace the Application lives in (Argo CD's {@code argocd}); "" when built by hand
 * @param sources the sources, in order; their objects are concatenated
 * @param destination where the objects go
 * @param syncOptions Argo CD sync options as written ({@code CreateNamespace=true}, {@code ServerSideApply=true})
 * @param project the AppProject the Application names ({@code spec.project}; {@code default} when absent)
 */
public record App(String name, String namespace, List<AppSource> sources, Destination destination, List<String> syncOptions, String project) {

    public App {
        Objects.requireNonNull(name, "name");
        namespace = namespace == null ? "" : namespace;
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new AppException("Application " + name + ": no source");
        }
        destination = destination == null ? new Destination("", "", "") : destination;
        syncOptions = List.copyOf(syncOptions == null ? List.of() : syncOptions);
        project = project == null || project.isBlank() ? "default" : project;
    }

    /** An app in the {@code default} project. */
    public App(String name, String namespace, List<AppSource> sources, Destination destination, List<String> syncOptions) {
        this(name, namespace, sources, destination, syncOptions, "default");
    }

    /** The repositories of its sources (chart repositories included), as an AppProject's sourceRepos checks them. */
    public List<String> repoURLs() {
        return sources.stream().map(AppSource::repoURL).distinct().toList();
    }

    /** Whether a sync option is set to {@code true} ({@code hasSyncOption("CreateNamespace")}); case-insensitive like Argo CD. */
    public boolean hasSyncOption(String option) {
        String want = (option + "=true").toLowerCase(Locale.ROOT);
        return syncOptions.stream().anyMatch(o -> o.strip().toLowerCase(Locale.ROOT).equals(want));
    }

    /** The value of a sync option ({@code syncOption("PrunePropagationPolicy")} → {@code foreground}), or "". */
    public String syncOption(String option) {
        String prefix = option.toLowerCase(Locale.ROOT) + "=";
        return syncOptions.stream().map(String::strip).filter(o -> o.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(o -> o.substring(prefix.length())).findFirst().orElse("");
    }
}
