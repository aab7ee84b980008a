package io.jenkins.plugins.gitops.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.render.RenderedObject;
import io.jenkins.plugins.gitops.render.ManifestParser;
import io.jenkins.plugins.gitops.render.DirectoryOptions;
import io.jenkins.plugins.gitops.render.HelmOptions;
import io.jenkins.plugins.gitops.render.InlineValues;
import io.jenkins.plugins.gitops.render.KustomizeEdits;
import io.jenkins.plugins.gitops.render.KustomizeOptions;
import io.jenkins.plugins.gitops.render.KustomizePatch;
import io.jenkins.plugins.gitops.render.KustomizeReplica;
import io.jenkins.plugins.gitops.RenderException;
import io.jenkins.plugins.gitops.render.RenderSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an Argo CD {@code Application} ({@code argoproj.io/v1alpha1}) into an {@link App}.
 * Options this engine cannot honour (commonAnnotationsEnvsubst, Jsonnet, Helm
 * file parameters...) are refused with the field's path rather than silently ignored: a deployment
 * that quietly differs from what Argo CD would do is worse than an error. {@code kustomize.version} is
 * kept as a name the expander maps to a configured binary ({@link io.jenkins.plugins.gitops.render.KustomizeVersions}). Helm charts come from Git
 * folders or from chart repositories ({@code repoURL} + {@code chart}, HTTP or OCI); inline values
 * and {@code $ref} value files of multi-source apps are supported.
 */
public final class ApplicationParser {

    private static final Set<String> SOURCE_FIELDS = Set.of("repoURL", "path", "targetRevision", "chart", "ref", "kustomize", "helm", "directory", "name");
    private static final Set<String> KUSTOMIZE_FIELDS = Set.of("images", "namePrefix", "nameSuffix", "namespace", "commonLabels", "commonAnnotations",
            "patches", "components", "ignoreMissingComponents", "replicas", "forceCommonLabels", "forceCommonAnnotations", "labelWithoutSelector",
            "labelIncludeTemplates", "commonAnnotationsEnvsubst", "version");
    private static final Set<String> PATCH_FIELDS = Set.of("patch", "path", "target", "options");
    private static final Set<String> REPLICA_FIELDS = Set.of("name", "count");
    private static final Set<String> HELM_FIELDS = Set.of("releaseName", "namespace", "valueFiles", "parameters", "skipCrds", "apiVersions", "kubeVersion",
            "ignoreMissingValueFiles", "passCredentials", "values", "valuesObject");
    private static final Set<String> DIRECTORY_FIELDS = Set.of("recurse", "include", "exclude", "jsonnet");

    private ApplicationParser() {
    }

    public static boolean isApplication(KubeObject obj) {
        return "argoproj.io".equals(obj.group()) && "Application".equals(obj.kind());
    }

    /**
     * The Applications of a file, in order: the roots of an app-of-apps tree. Other objects are
     * ignored; a file without an Application is an error naming it.
     */
    public static List<App> roots(String yaml, String source) {
        List<App> roots = new ArrayList<>();
        for (RenderedObject o : ManifestParser.parse(yaml, source)) {
            if (isApplication(o.object())) {
                roots.add(parse(o.object()));
            }
        }
        if (roots.isEmpty()) {
            throw new AppException(source + ": no Argo CD Application (apiVersion argoproj.io/v1alpha1, kind Application) in it");
        }
        return roots;
    }

    public static App parse(KubeObject obj) {
        String who = obj.key().toString();
        if (!isApplication(obj)) {
            throw new AppException(who + ": not an Argo CD Application");
        }
        JsonNode spec = obj.at("/spec");
        JsonNode d = spec.path("destination");
        Destination destination = new Destination(d.path("server").asText(""), d.path("name").asText(""), d.path("namespace").asText(""));
        List<AppSource> sources = new ArrayList<>();
        if (spec.path("sources").isArray() && !spec.path("sources").isEmpty()) {
            int i = 0;
            for (JsonNode s : spec.path("sources")) {
                sources.add(source(s, who, "spec.sources[" + i++ + "]", obj.name(), destination));
            }
        } else if (spec.path("source").isObject()) {
            sources.add(source(spec.path("source"), who, "spec.source", obj.name(), destination));
        } else {
            throw new AppException(who + ": spec.source or spec.sources is required");
        }
        checkRefs(sources, who, spec.path("sources").isArray() && !spec.path("sources").isEmpty() ? "spec.sources" : "spec.source");
        List<String> syncOptions = new ArrayList<>();
        spec.path("syncPolicy").path("syncOptions").forEach(o -> syncOptions.add(o.asText()));
        JsonNode project = spec.path("project");
        if (!project.isMissingNode() && !project.isNull() && !project.isTextual()) {
            throw new AppException(who + ": spec.project: expected a string");
        }
        return new App(obj.name(), obj.namespace(), sources, destination, syncOptions, project.asText(""));
    }

    private static AppSource source(JsonNode s, String who, String at, String appName, Destination destination) {
        onlyKnown(s, SOURCE_FIELDS, who, at);
        if (!s.path("repoURL").isTextual() || s.path("repoURL").asText().isBlank()) {
            throw new AppException(who + ": " + at + ".repoURL is required");
        }
        String chart = s.path("chart").asText("");
        RenderSpec spec = RenderSpec.auto();
        if (!chart.isEmpty() && (s.has("kustomize") || s.has("directory"))) {
            throw new AppException(who + ": " + at + "." + (s.has("kustomize") ? "kustomize" : "directory")
                    + ": a chart from a chart repository renders with Helm only");
        }
        if (!chart.isEmpty()) {
            spec = new RenderSpec(RenderSpec.Tool.HELM, null, s.has("helm") ? helm(s.path("helm"), who, at + ".helm", appName, destination)
                    : HelmOptions.release(appName).withNamespace(destination.namespace()), null);
        } else if (s.has("kustomize")) {
            spec = new RenderSpec(RenderSpec.Tool.KUSTOMIZE, kustomize(s.path("kustomize"), who, at + ".kustomize"), null, null);
        } else if (s.has("helm")) {
            spec = new RenderSpec(RenderSpec.Tool.HELM, null, helm(s.path("helm"), who, at + ".helm", appName, destination), null);
        } else if (s.has("directory")) {
            spec = new RenderSpec(RenderSpec.Tool.DIRECTORY, null, null, directory(s.path("directory"), who, at + ".directory"));
        } else {
            spec = spec.withHelm(HelmOptions.release(appName).withNamespace(destination.namespace()));
        }
        return new AppSource(s.path("repoURL").asText(), chart.isEmpty() ? s.path("path").asText("") : "", s.path("targetRevision").asText(""),
                chart, s.path("ref").asText(""), spec);
    }

    private static KustomizeOptions kustomize(JsonNode k, String who, String at) {
        onlyKnown(k, KUSTOMIZE_FIELDS, who, at);
        if (k.path("commonAnnotationsEnvsubst").asBoolean(false)) {
            throw new AppException(who + ": " + at + ".commonAnnotationsEnvsubst is not supported by this engine"
                    + " (Argo CD's build environment variables are not available to annotations)");
        }
        List<String> images = new ArrayList<>();
        k.path("images").forEach(i -> images.add(i.asText()));
        try {
            KustomizeEdits edits = KustomizeEdits.none()
                    .withPatches(patches(k.path("patches"), who, at + ".patches"))
                    .withComponents(texts(k.path("components")), k.path("ignoreMissingComponents").asBoolean(false))
                    .withReplicas(replicas(k.path("replicas"), who, at + ".replicas"))
                    .withForce(k.path("forceCommonLabels").asBoolean(false), k.path("forceCommonAnnotations").asBoolean(false))
                    .withLabelScope(k.path("labelWithoutSelector").asBoolean(false), k.path("labelIncludeTemplates").asBoolean(false));
            return KustomizeOptions.defaults().withImages(images)
                    .withNames(k.path("namePrefix").asText(""), k.path("nameSuffix").asText(""))
                    .withNamespace(k.path("namespace").asText(""))
                    .withCommonLabels(strings(k.path("commonLabels")))
                    .withCommonAnnotations(strings(k.path("commonAnnotations")))
                    .withEdits(edits)
                    // a name only: the expander maps it to a configured binary, or warns and uses the default
                    .withVersion(k.path("version").asText(""));
        } catch (RenderException e) {
            throw new AppException(who + ": " + at + ": " + e.getMessage());
        }
    }

    private static List<KustomizePatch> patches(JsonNode list, String who, String at) {
        List<KustomizePatch> out = new ArrayList<>();
        int i = 0;
        for (JsonNode p : list) {
            String here = at + "[" + i++ + "]";
            onlyKnown(p, PATCH_FIELDS, who, here);
            onlyKnown(p.path("target"), Set.copyOf(KustomizePatch.TARGET_FIELDS), who, here + ".target");
            onlyKnown(p.path("options"), Set.copyOf(KustomizePatch.OPTIONS), who, here + ".options");
            Map<String, Boolean> options = new LinkedHashMap<>();
            p.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asBoolean()));
            try {
                out.add(new KustomizePatch(p.path("patch").asText(""), p.path("path").asText(""), strings(p.path("target")), options));
            } catch (RenderException e) {
                throw new AppException(who + ": " + here + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<KustomizeReplica> replicas(JsonNode list, String who, String at) {
        List<KustomizeReplica> out = new ArrayList<>();
        int i = 0;
        for (JsonNode r : list) {
            String here = at + "[" + i++ + "]";
            onlyKnown(r, REPLICA_FIELDS, who, here);
            try {
                out.add(new KustomizeReplica(r.path("name").asText(""), KustomizeReplica.parseCount(r.path("count").asText(""), here + ".count")));
            } catch (RenderException e) {
                throw new AppException(who + ": " + (e.getMessage().startsWith(here) ? "" : here + ": ") + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static HelmOptions helm(JsonNode h, String who, String at, String appName, Destination destination) {
        onlyKnown(h, HELM_FIELDS, who, at);
        List<String> files = new ArrayList<>();
        for (JsonNode f : h.path("valueFiles")) {
            if (f.asText().startsWith("$") && !f.asText().matches("\\$[^/]+/.+")) {
                throw new AppException(who + ": " + at + ".valueFiles: '" + f.asText() + "': a value file of another source is $ref/path");
            }
            files.add(f.asText());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode p : h.path("parameters")) {
            values.put(p.path("name").asText(), p.path("value").asText());
        }
        List<String> apis = new ArrayList<>();
        h.path("apiVersions").forEach(a -> apis.add(a.asText()));
        String release = h.path("releaseName").asText(appName);
        String namespace = h.path("namespace").asText(destination.namespace());
        return HelmOptions.release(release).withNamespace(namespace).withValueFiles(files).withValues(values)
                .withIncludeCrds(!h.path("skipCrds").asBoolean(false)).withCapabilities(apis, h.path("kubeVersion").asText(""))
                .withInlineValues(inlineValues(h, who, at)).withPassCredentials(h.path("passCredentials").asBoolean(false));
    }

    /**
     * {@code values} (YAML text) or {@code valuesObject} (a mapping). When both are set the
     * object replaces the text entirely, as Argo CD does; they are not merged.
     */
    private static String inlineValues(JsonNode h, String who, String at) {
        JsonNode object = h.path("valuesObject");
        if (!object.isMissingNode() && !object.isNull()) {
            if (!object.isObject()) {
                throw new AppException(who + ": " + at + ".valuesObject: must be a mapping of Helm values");
            }
            // JSON is YAML: Helm reads the object's JSON text as a values file.
            return object.toString();
        }
        JsonNode text = h.path("values");
        if (text.isMissingNode() || text.isNull()) {
            return "";
        }
        if (!text.isTextual()) {
            throw new AppException(who + ": " + at + ".values: must be a YAML string (use valuesObject for a mapping)");
        }
        try {
            return InlineValues.check(text.asText(), who + ": " + at + ".values");
        } catch (RenderException e) {
            throw new AppException(e.getMessage(), e);
        }
    }

    /** Every {@code $ref/...} value file must name a source of this app with that {@code ref}, and that source must be in Git. */
    private static void checkRefs(List<AppSource> sources, String who, String at) {
        Map<String, AppSource> refs = new LinkedHashMap<>();
        sources.stream().filter(s -> !s.ref().isEmpty()).forEach(s -> refs.putIfAbsent(s.ref(), s));
        for (int i = 0; i < sources.size(); i++) {
            String field = at.equals("spec.source") ? at : at + "[" + i + "]";
            for (String ref : sources.get(i).spec().helm().refNames()) {
                AppSource target = refs.get(ref);
                if (target == null) {
                    throw new AppException(who + ": " + field + ".helm.valueFiles: '$" + ref + "/...': no source has ref '" + ref + "'"
                            + (refs.isEmpty() ? "" : " (refs: " + String.join(", ", refs.keySet()) + ")"));
                }
                if (!target.chart().isEmpty()) {
                    throw new AppException(who + ": " + field + ".helm.valueFiles: '$" + ref + "/...': the source with ref '" + ref
                            + "' is a chart repository; value files come from Git sources");
                }
            }
        }
    }

    private static DirectoryOptions directory(JsonNode d, String who, String at) {
        onlyKnown(d, DIRECTORY_FIELDS, who, at);
        return new DirectoryOptions(d.path("recurse").asBoolean(false), d.path("include").asText(""), d.path("exclude").asText(""),
                jsonnet(d.path("jsonnet"), who, at + ".jsonnet"));
    }

    /** Argo CD's {@code directory.jsonnet}: {@code extVars} and {@code tlas} as {name, value, code} lists, {@code libs} paths. */
    private static io.jenkins.plugins.gitops.render.JsonnetOptions jsonnet(JsonNode j, String who, String at) {
        if (j.isMissingNode() || j.isNull()) {
            return io.jenkins.plugins.gitops.render.JsonnetOptions.none();
        }
        if (!j.isObject()) {
            throw new AppException(who + ": " + at + " must be a mapping");
        }
        onlyKnown(j, Set.of("extVars", "tlas", "libs"), who, at);
        Map<String, String> ext = new LinkedHashMap<>();
        Map<String, String> extCode = new LinkedHashMap<>();
        Map<String, String> tla = new LinkedHashMap<>();
        Map<String, String> tlaCode = new LinkedHashMap<>();
        jsonnetVars(j.path("extVars"), ext, extCode, who, at + ".extVars");
        jsonnetVars(j.path("tlas"), tla, tlaCode, who, at + ".tlas");
        List<String> libs = new ArrayList<>();
        if (!j.path("libs").isMissingNode()) {
            if (!j.path("libs").isArray()) {
                throw new AppException(who + ": " + at + ".libs must be a list of paths");
            }
            j.path("libs").forEach(l -> libs.add(l.asText()));
        }
        return new io.jenkins.plugins.gitops.render.JsonnetOptions(ext, extCode, tla, tlaCode, libs);
    }

    private static void jsonnetVars(JsonNode list, Map<String, String> strings, Map<String, String> code, String who, String at) {
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new AppException(who + ": " + at + " must be a list of {name, value, code}");
        }
        int i = 0;
        for (JsonNode v : list) {
            String where = at + "[" + i++ + "]";
            if (!v.isObject() || v.path("name").asText("").isBlank()) {
                throw new AppException(who + ": " + where + " needs a name");
            }
            onlyKnown(v, Set.of("name", "value", "code"), who, where);
            (v.path("code").asBoolean(false) ? code : strings).put(v.path("name").asText(), v.path("value").asText(""));
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static void onlyKnown(JsonNode node, Set<String> known, String who, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new AppException(who + ": " + at + "." + f + " is not supported by this engine");
            }
        }
    }
}
