package io.jenkins.plugins.gitops.sync;

import io.jenkins.plugins.gitops.health.HealthAssessor;
import io.jenkins.plugins.gitops.health.wait.WaitState;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceResolver;
import io.jenkins.plugins.gitops.render.RenderedSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a health wait tracks and the label selector that scopes its watches, decided here for
 * every face: {@code gitops wait}, {@code gitops run}, {@code gitops apps --wait} and the
 * {@code gitopsWaitHealthy} step and builder call one of these factories and keep no list of
 * kinds of their own. The objects come from {@link SyncedObjects}.
 *
 * @param app           the app waited for
 * @param labelSelector the selector scoping the watches; "" to watch the objects by name
 * @param objects       the objects to track
 */
public record WaitTargets(String app, String labelSelector, List<KubeObject> objects) {

    public WaitTargets {
        labelSelector = labelSelector == null ? "" : labelSelector.strip();
        objects = List.copyOf(objects);
    }

    /** The selector of a wait for an app: the caller's own, or the app's label ({@code gitops.jenkins.io/app=APP}). */
    public static String selector(String app, String selector) {
        return selector == null || selector.isBlank() ? Tracking.APP_LABEL + "=" + app : selector.strip();
    }

    /**
     * A wait for an app named by itself ({@link SyncedObjects#ofApp}): every object of its
     * inventory, or every object of a kind with a health that the selector matches; watched
     * through {@link #selector}. Nothing found is an error that says where it looked.
     *
     * @param selector the caller's label selector, or null or "" for the app's label
     */
    public static WaitTargets ofApp(Cluster cluster, String app, String inventoryNamespace, String selector, HealthAssessor health) {
        return new WaitTargets(app, selector(app, selector),
                SyncedObjects.ofApp(cluster, app, inventoryNamespace, selector == null ? "" : selector, health));
    }

    /**
     * A wait for the objects of rendered manifests ({@link SyncedObjects#of(RenderedSet, ResourceResolver, String)}).
     * Manifests need not carry the app's label (a sync adds it): unless the caller gives a selector,
     * objects are watched through the app's label only when every one of them carries it, else by name.
     *
     * @param selector the caller's label selector, or null or "" for none
     */
    public static WaitTargets ofManifests(String app, String selector, RenderedSet manifests, ResourceResolver resolver, String defaultNamespace) {
        List<KubeObject> objects = SyncedObjects.of(manifests, resolver, defaultNamespace);
        boolean given = selector != null && !selector.isBlank();
        boolean labelled = objects.stream().allMatch(o -> app.equals(o.labels().get(Tracking.APP_LABEL)));
        return new WaitTargets(app, given || labelled ? selector(app, selector) : "", objects);
    }

    /** A wait after a sync ({@link SyncedObjects#of(SyncResult, RenderedSet, ResourceResolver, String)}): what it left live, through the app's label. */
    public static WaitTargets ofSync(String app, SyncResult result, RenderedSet desired, ResourceResolver resolver, String defaultNamespace) {
        return new WaitTargets(app, selector(app, ""), SyncedObjects.of(result, desired, resolver, defaultNamespace));
    }

    /** The objects as a wait state holds them ({@code apiVersion|Kind|namespace|name}), for a step that persists them first. */
    public List<String> ids() {
        return WaitState.ids(objects);
    }

    /** The wait's state, with a deadline {@code timeout} from now. */
    public WaitState state(Duration timeout, Clock clock) {
        return WaitState.of(app, labelSelector, objects, timeout, clock);
    }
}
