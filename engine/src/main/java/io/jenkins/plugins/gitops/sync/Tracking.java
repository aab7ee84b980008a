package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.Optional;

/**
 * Who owns an object: the tracking annotation {@code <app>:<group>/<kind>:<namespace>/<name>}
 * (Argo CD's format) under our key or Argo CD's, and the label {@code gitops.jenkins.io/app}
 * that lets a sync list its objects cheaply. The label is set with either annotation key.
 */
public enum Tracking {
    /** {@code gitops.jenkins.io/tracking-id}, the default. */
    GITOPS("gitops.jenkins.io/tracking-id"),
    /** {@code argocd.argoproj.io/tracking-id}, so an app can be handed over between Argo CD and us. */
    ARGOCD("argocd.argoproj.io/tracking-id");

    public static final String APP_LABEL = "gitops.jenkins.io/app";

    private final String annotation;

    Tracking(String annotation) {
        this.annotation = annotation;
    }

    public String annotation() {
        return annotation;
    }

    /** {@code my-app:apps/Deployment:default/web}. */
    public static String id(String app, ResourceKey key) {
        return app + ":" + key.group() + "/" + key.kind() + ":" + key.namespace() + "/" + key.name();
    }

    /** Stamps the annotation and the label on a desired object (which it changes). */
    public void mark(ObjectNode object, String app, ResourceKey key) {
        ObjectNode md = object.with("metadata");
        md.with("annotations").put(annotation, id(app, key));
        md.with("labels").put(APP_LABEL, app);
    }

    /** The app named by a live object's tracking annotation, if any. */
    public Optional<String> owner(JsonNode live) {
        String id = live.path("metadata").path("annotations").path(annotation).asText("");
        int colon = id.indexOf(':');
        return colon > 0 ? Optional.of(id.substring(0, colon)) : Optional.empty();
    }

    /** True when the live object is tracked by {@code app} as itself (not a copy carrying another object's id). */
    public boolean tracks(JsonNode live, String app, ResourceKey key) {
        return id(app, key).equals(live.path("metadata").path("annotations").path(annotation).asText(""));
    }
}
