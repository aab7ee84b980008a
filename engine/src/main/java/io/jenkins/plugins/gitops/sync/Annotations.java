package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.kube.KubeObject;
import java.util.Arrays;
import java.util.LinkedHashSet;
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

    /** The hook phase of a hook object; empty for an ordinary object. */
    static Optional<Phase> hook(KubeObject o) {
        Optional<String> v = o.annotation(ARGO_HOOK).or(() -> o.annotation(HELM_HOOK));
        if (v.isEmpty()) {
            return Optional.empty();
        }
        // Helm allows several ("pre-install,pre-upgrade"): they map to one phase here
        return Arrays.stream(v.get().split(",")).map(Phase::ofHook).flatMap(Optional::stream).findFirst();
    }

    /** True when the object is a hook marked Skip: neither applied nor pruned. */
    static boolean skipped(KubeObject o) {
        return o.annotation(ARGO_HOOK).map(v -> v.strip().equalsIgnoreCase("Skip")).orElse(false);
    }

    /** Hook delete policies, lower-cased; BeforeHookCreation when none is given (Argo CD's default). */
    static Set<String> deletePolicies(KubeObject o) {
        String v = o.annotation(ARGO_DELETE_POLICY).or(() -> o.annotation(HELM_DELETE_POLICY)).orElse("BeforeHookCreation");
        Set<String> out = new LinkedHashSet<>();
        for (String p : v.split(",")) {
            String s = p.strip().toLowerCase(Locale.ROOT);
            out.add(switch (s) {
                case "hook-succeeded" -> "hooksucceeded";
                case "hook-failed" -> "hookfailed";
                case "before-hook-creation" -> "beforehookcreation";
                default -> s;
            });
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
