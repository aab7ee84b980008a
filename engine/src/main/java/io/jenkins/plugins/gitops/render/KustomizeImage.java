package io.jenkins.plugins.gitops.render;

import io.jenkins.plugins.gitops.RenderException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image override in Argo CD's (and {@code kustomize edit set image}'s) notation, turned into
 * a kustomization {@code images:} entry: {@code nginx:1.25} sets the tag of {@code nginx};
 * {@code nginx=registry:5000/web:2} renames and retags; {@code nginx@sha256:...} pins a digest.
 */
record KustomizeImage(String name, String newName, String newTag, String digest) {

    static KustomizeImage parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty()) {
            throw new RenderException("kustomize option images: empty image override");
        }
        String name = null;
        int eq = s.indexOf('=');
        if (eq >= 0) {
            name = s.substring(0, eq);
            s = s.substring(eq + 1);
        }
        String digest = "";
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
        }
        String tag = "";
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) { // a colon before the last slash is a registry port
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
        }
        if (s.isEmpty() || (name != null && name.isEmpty())) {
            throw new RenderException("kustomize option images: cannot read '" + spec + "' (expected [name=]image[:tag][@digest])");
        }
        return name == null ? new KustomizeImage(s, "", tag, digest) : new KustomizeImage(name, s, tag, digest);
    }

    Map<String, Object> toKustomization() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (!newName.isEmpty()) {
            m.put("newName", newName);
        }
        if (!newTag.isEmpty()) {
            m.put("newTag", newTag);
        }
        if (!digest.isEmpty()) {
            m.put("digest", digest);
        }
        return m;
    }
}
