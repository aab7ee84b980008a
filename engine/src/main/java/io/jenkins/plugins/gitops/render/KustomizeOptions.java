package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Options of the kustomize renderer: how to run kustomize, and the overrides Argo CD's
 * {@code spec.source.kustomize} offers.
 *
 * @param binary a {@code kustomize} binary; empty: {@code kustomize} on the PATH, else {@code kubectl kustomize}
 * @param enableHelm pass {@code --enable-helm} (kustomize's {@code helmCharts:})
 * @param loadRestrictor {@code LoadRestrictionsRootOnly} (kustomize's default) or {@code LoadRestrictionsNone}; empty for the default
 * @param extraArgs more build arguments, as Argo CD's {@code kustomize.buildOptions}
 * @param images image overrides in Argo CD's form: {@code nginx:1.2}, {@code nginx=repo/nginx:1.2}, {@code nginx@sha256:...}
 * @param namePrefix prepended to every name; "" for none
 * @param nameSuffix appended to every name; "" for none
 * @param namespace set on every namespaced object; "" to leave them
 * @param commonLabels added to every object and selector
 * @param commonAnnotations added to every object
 * @param timeout how long kustomize may run (default 10 minutes)
 * @param edits patches, components, replicas and the label/annotation flags
 * @param version the kustomize version an Application asks for ({@code spec.source.kustomize.version}, e.g. {@code v4.5.7});
 *                "" for none. Only a name: {@link KustomizeVersions} maps it to a binary before rendering
 */
public record KustomizeOptions(Optional<Path> binary, boolean enableHelm, String loadRestrictor, List<String> extraArgs,
        List<String> images, String namePrefix, String nameSuffix, String namespace, Map<String, String> commonLabels,
        Map<String, String> commonAnnotations, Duration timeout, KustomizeEdits edits, String version) {

    private static final List<String> RESTRICTORS = List.of("", "LoadRestrictionsRootOnly", "LoadRestrictionsNone");

    public KustomizeOptions {
        binary = binary == null ? Optional.empty() : binary;
        loadRestrictor = loadRestrictor == null ? "" : loadRestrictor.strip();
        if (!RESTRICTORS.contains(loadRestrictor)) {
            throw new RenderException("kustomize option loadRestrictor: unknown value '" + loadRestrictor
                    + "' (use LoadRestrictionsRootOnly or LoadRestrictionsNone)");
        }
        extraArgs = List.copyOf(extraArgs == null ? List.of() : extraArgs);
        images = List.copyOf(images == null ? List.of() : images);
        namePrefix = namePrefix == null ? "" : namePrefix;
        nameSuffix = nameSuffix == null ? "" : nameSuffix;
        namespace = namespace == null ? "" : namespace;
        commonLabels = Map.copyOf(commonLabels == null ? Map.of() : commonLabels);
        commonAnnotations = Map.copyOf(commonAnnotations == null ? Map.of() : commonAnnotations);
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        edits = edits == null ? KustomizeEdits.none() : edits;
        version = version == null ? "" : version.strip();
        images.forEach(KustomizeImage::parse); // fail early, naming the bad entry
    }

    public static KustomizeOptions defaults() {
        return new KustomizeOptions(Optional.empty(), false, "", List.of(), List.of(), "", "", "", Map.of(), Map.of(), null, KustomizeEdits.none(), "");
    }

    public KustomizeOptions withImages(List<String> newImages) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, newImages, namePrefix, nameSuffix, namespace,
                commonLabels, commonAnnotations, timeout, edits, version);
    }

    public KustomizeOptions withNames(String prefix, String suffix) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, images, prefix, suffix, namespace,
                commonLabels, commonAnnotations, timeout, edits, version);
    }

    public KustomizeOptions withNamespace(String ns) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, images, namePrefix, nameSuffix, ns,
                commonLabels, commonAnnotations, timeout, edits, version);
    }

    public KustomizeOptions withCommonLabels(Map<String, String> labels) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, images, namePrefix, nameSuffix, namespace,
                labels, commonAnnotations, timeout, edits, version);
    }

    public KustomizeOptions withCommonAnnotations(Map<String, String> annotations) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, images, namePrefix, nameSuffix, namespace,
                commonLabels, annotations, timeout, edits, version);
    }

    public KustomizeOptions withEdits(KustomizeEdits newEdits) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, images, namePrefix, nameSuffix, namespace,
                commonLabels, commonAnnotations, timeout, newEdits, version);
    }

    public KustomizeOptions withBuild(boolean helm, String restrictor, List<String> args) {
        return new KustomizeOptions(binary, helm, restrictor, args, images, namePrefix, nameSuffix, namespace,
                commonLabels, commonAnnotations, timeout, edits, version);
    }

    public KustomizeOptions withBinary(Path kustomize) {
        return new KustomizeOptions(Optional.ofNullable(kustomize), enableHelm, loadRestrictor, extraArgs, images, namePrefix,
                nameSuffix, namespace, commonLabels, commonAnnotations, timeout, edits, version);
    }

    /** The same options asking for kustomize {@code v} (Argo CD's {@code kustomize.version}). */
    public KustomizeOptions withVersion(String v) {
        return new KustomizeOptions(binary, enableHelm, loadRestrictor, extraArgs, images, namePrefix, nameSuffix, namespace,
                commonLabels, commonAnnotations, timeout, edits, v);
    }

    /** True when an overlay must be written around the folder. */
    boolean hasOverrides() {
        return !images.isEmpty() || !namePrefix.isEmpty() || !nameSuffix.isEmpty() || !namespace.isEmpty()
                || !commonLabels.isEmpty() || !commonAnnotations.isEmpty() || edits.changesOutput();
    }

    List<String> key() {
        List<String> k = new ArrayList<>();
        k.add("helm=" + enableHelm);
        k.add("restrictor=" + loadRestrictor);
        k.add("args=" + extraArgs);
        k.add("images=" + images);
        k.add("prefix=" + namePrefix);
        k.add("suffix=" + nameSuffix);
        k.add("namespace=" + namespace);
        k.add("labels=" + new TreeMap<>(commonLabels));
        k.add("annotations=" + new TreeMap<>(commonAnnotations));
        k.addAll(edits.key());
        return k;
    }
}
