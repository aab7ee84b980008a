package io.jenkins.plugins.gitops.testkit.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.yaml.snakeyaml.Yaml;

/**
 * Kubeflow's example as a repository built for Argo CD, for the conformance test and the apps
 * bench alike: the workload's {@code offline/} and {@code deps/} copied, and under
 * {@code argocd/apps} one Application per resource of the example kustomization, ordered by
 * sync waves (namespaces, CRD providers, the platform, the apps, the user namespace), committed
 * on {@code main}.
 */
public final class KubeflowApps {

    private KubeflowApps() {
    }

    /** Writes and commits the repository; returns the components (folders under offline/manifests), one Application each. */
    public static List<String> writeRepository(Path workload, Path repo) throws IOException {
        copy(workload, repo);
        Path manifests = repo.resolve("offline/manifests");
        Map<String, Object> kustomization = new Yaml().load(Files.readString(manifests.resolve("example/kustomization.yaml")));
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        Path appsDir = Files.createDirectories(repo.resolve("argocd/apps"));
        List<String> components = resources.stream()
                .map(r -> manifests.relativize(manifests.resolve("example").resolve(r).normalize()).toString()).toList();
        for (String component : components) {
            String name = component.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            name = name.length() > 53 ? name.substring(name.length() - 53).replaceAll("^-", "") : name;
            Files.writeString(appsDir.resolve(name + ".yaml"), """
                    apiVersion: argoproj.io/v1alpha1
                    kind: Application
                    metadata:
                      name: %s
                      namespace: argocd
                      annotations: {argocd.argoproj.io/sync-wave: "%d"}
                    spec:
                      project: default
                      source: {repoURL: '%s', targetRevision: main, path: offline/manifests/%s}
                      destination: {server: 'https://kubernetes.default.svc', namespace: kubeflow}
                    """.formatted(name, wave(component), repo, component));
        }
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent me = new PersonIdent("gitops-fixture", "fixture@example.com");
            git.commit().setMessage("kubeflow as Argo CD apps").setAuthor(me).setCommitter(me).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot commit " + repo + ": " + e.getMessage(), e);
        }
        return components;
    }

    /** Argo CD sync waves that order the components as their dependencies need. */
    public static int wave(String component) {
        if (component.endsWith("kubeflow-namespace/base") || component.endsWith("istio-namespace/base")) {
            return -3;
        }
        if (component.contains("cert-manager/overlays") || component.endsWith("istio-crds/base")) {
            return -2;
        }
        if (component.startsWith("common/user-namespace")) {
            return 1; // a Profile: its CRD comes with applications/profiles
        }
        return component.startsWith("common/") ? -1 : 0;
    }

    private static void copy(Path from, Path to) throws IOException {
        for (String top : List.of("offline", "deps")) {
            Path src = from.resolve(top);
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (var walk = Files.walk(src)) {
                walk.forEach(p -> {
                    Path target = to.resolve(from.relativize(p).toString());
                    try {
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else if (Files.isRegularFile(p)) {
                            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
