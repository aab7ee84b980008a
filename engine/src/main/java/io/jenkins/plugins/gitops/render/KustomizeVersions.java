package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kustomize binaries configured per version, as Argo CD's {@code kustomize.path.<version>}
 * settings in {@code argocd-cm}: an Application whose {@code spec.source.kustomize.version} names one
 * renders with that binary. A version nobody configured renders with the default kustomize and says
 * so in a warning line: Argo CD would refuse such an app, but the default kustomize renders nearly
 * every kustomization the same, and a warning the user can act on beats an app that never deploys.
 */
public record KustomizeVersions(Map<String, Path> paths) {

    /** The result of resolving one source's version: the options to render with, and a warning ("" for none). */
    public record Resolved(KustomizeOptions options, String warning) {
    }

    public KustomizeVersions {
        paths = Map.copyOf(paths == null ? Map.of() : paths);
    }

    public static KustomizeVersions none() {
        return new KustomizeVersions(Map.of());
    }

    /** {@code VERSION=PATH} entries (the CLI's {@code --kustomize-path v4.5.7=/opt/kustomize-4.5.7}). */
    public static KustomizeVersions parse(List<String> specs) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String s : specs == null ? List.<String>of() : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new RenderException("kustomize path '" + s + "': expected VERSION=PATH (e.g. v4.5.7=/opt/kustomize-4.5.7/kustomize)");
            }
            out.put(s.substring(0, eq).strip(), Path.of(s.substring(eq + 1).strip()));
        }
        return new KustomizeVersions(out);
    }

    /**
     * @param who names the source in the warning ({@code Application guestbook: spec.source.kustomize.version})
     */
    public Resolved resolve(KustomizeOptions options, String who) {
        String v = options.version();
        if (v.isEmpty()) {
            return new Resolved(options, "");
        }
        Optional<Path> path = lookup(v);
        if (path.isPresent()) {
            return new Resolved(options.withBinary(path.get()), "");
        }
        return new Resolved(options, who + " " + v + ": no kustomize configured for this version"
                + (paths.isEmpty() ? "" : " (configured: " + String.join(", ", paths.keySet()) + ")")
                + "; rendering with the default kustomize (map it with --kustomize-path " + v + "=PATH)");
    }

    /** {@code v4.5.7} and {@code 4.5.7} name the same version. */
    private Optional<Path> lookup(String v) {
        String bare = v.startsWith("v") ? v.substring(1) : v;
        return paths.entrySet().stream().filter(e -> e.getKey().equals(v) || e.getKey().equals(bare) || e.getKey().equals("v" + bare))
                .map(Map.Entry::getValue).findFirst();
    }
}
