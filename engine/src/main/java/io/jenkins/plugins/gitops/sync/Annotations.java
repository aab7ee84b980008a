package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The per-object annotations a sync reads: wave, hook, hook delete policy, sync options. */
public final class Annotations {

    static final String ARGO_WAVE = "argocd.argoproj.io/sync-wave";
    static final String WAVE = "gitops.jenkins.io/sync-wave";
    static final String HELM_WEIGHT = "helm.sh/hook-weight";
    static final String ARGO_HOOK = "argocd.argoproj.io/hook";
    static final String HELM_HOOK = "helm.sh/hook";
    static final String ARGO_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    static final String HELM_DELETE_POLICY = "helm.sh/hook-delete-policy";
    static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";

    private Annotations() {
    }

    /** Our wave annotation, else Argo CD's, else Helm's hook weight, else 0. */
    public static int wave(KubeObject o) {
        String v = o.annotation(WAVE).or(() -> o.annotation(ARGO_WAVE)).or(() -> o.annotation(HELM_WEIGHT)).orElse("0").strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new SyncException(o.key() + ": sync wave \"" + v + "\" is not an integer");
        }
    }

    /**
     * Whether the object is a hook, as gitops-engine's {@code hook.IsHook}: it carries Argo CD's
     * hook annotation (other than Skip), or Helm's (other than {@code crd-install}, which Helm 2
     * used to mark CRDs, not hooks). A hook is never applied as an ordinary object, whatever its
     * phases: a Helm {@code test} hook has none, so a sync never runs it.
     */
    static boolean isHook(KubeObject o) {
        if (o.annotation(ARGO_HOOK).isPresent()) {
            return !skipped(o);
        }
        return o.annotation(HELM_HOOK).map(v -> !v.strip().equals("crd-install")).orElse(false);
    }

    /**
     * The phases a hook runs in, each once, in the order named (gitops-engine {@code hook.Types}):
     * Argo CD's annotation when it names a sync phase, else Helm's, mapped as Argo CD maps it
     * (pre-install and pre-upgrade to PreSync, post-install and post-upgrade to PostSync). Helm's
     * {@code test}, {@code test-success}, {@code pre-rollback}, {@code post-rollback},
     * {@code pre-delete}, {@code post-delete} and Argo CD's PreDelete/PostDelete map to no sync
     * phase: empty, so the hook is not applied. Empty for an ordinary object too.
     */
    static List<Phase> hookPhases(KubeObject o) {
        List<Phase> out = phases(o.annotation(ARGO_HOOK).orElse(""), false);
        return out.isEmpty() ? phases(o.annotation(HELM_HOOK).orElse(""), true) : out;
    }

    private static List<Phase> phases(String csv, boolean helm) {
        List<Phase> out = new ArrayList<>();
        for (String v : csv.split(",")) {
            Optional<Phase> p = helm ? Phase.ofHelmHook(v) : Phase.ofHook(v);
            if (p.isPresent() && !out.contains(p.get())) {
                out.add(p.get());
            }
        }
        return out;
    }

    /** True when the object is marked Skip (and nothing else, as gitops-engine's {@code hook.Skip}): neither applied nor pruned. */
    static boolean skipped(KubeObject o) {
        return o.annotation(ARGO_HOOK).map(v -> {
            List<String> types = Arrays.stream(v.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            return types.size() == 1 && types.get(0).equalsIgnoreCase("Skip");
        }).orElse(false);
    }

    /**
     * Hook delete policies as gitops-engine's {@code hook.DeletePolicies} reads them: Argo CD's
     * (HookSucceeded, HookFailed, BeforeHookCreation) and Helm's (hook-succeeded, hook-failed,
     * before-hook-creation) together, lower-cased without dashes; values neither knows are
     * ignored; BeforeHookCreation when none is given (Argo CD's default).
     */
    static Set<String> deletePolicies(KubeObject o) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : o.annotation(ARGO_DELETE_POLICY).orElse("").split(",")) {
            String s = p.strip();
            if (s.equals("HookSucceeded") || s.equals("HookFailed") || s.equals("BeforeHookCreation")) {
                out.add(s.toLowerCase(Locale.ROOT));
            }
        }
        for (String p : o.annotation(HELM_DELETE_POLICY).orElse("").split(",")) {
            switch (p.strip()) {
                case "hook-succeeded" -> out.add("hooksucceeded");
                case "hook-failed" -> out.add("hookfailed");
                case "before-hook-creation" -> out.add("beforehookcreation");
                default -> { }
            }
        }
        if (out.isEmpty()) {
            out.add("beforehookcreation");
        }
        return out;
    }

    /** Whether {@code argocd.argoproj.io/sync-options} holds {@code option=value} (case-insensitive). */
    static boolean syncOption(KubeObject o, String option, String value) {
        String want = (option + "=" + value).toLowerCase(Locale.ROOT);
        return o.annotation(SYNC_OPTIONS).map(v -> Arrays.stream(v.split(","))
                .anyMatch(s -> s.strip().toLowerCase(Locale.ROOT).equals(want))).orElse(false);
    }
}
