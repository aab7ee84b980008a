package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.GitopsException;
import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a wait is about, as plain strings and numbers so that a Jenkins step can persist it and
 * pick the wait up again after a controller restart: the app, the label selector that scopes the
 * watches (empty: watch by names), the objects as {@code apiVersion|Kind|namespace|name}, and the
 * deadline in epoch milliseconds. Resuming with the same state keeps the original deadline.
 */
public record WaitState(String app, String labelSelector, List<String> objects, long deadlineEpochMillis) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The label an app's objects carry, scoping the watches when the caller gives no selector. */
    public static final String APP_LABEL = "gitops.jenkins.io/app";

    public WaitState {
        app = app == null ? "" : app;
        labelSelector = labelSelector == null ? "" : labelSelector;
        objects = List.copyOf(objects);
        for (String o : objects) {
            if (o.split("\\|", -1).length != 4) {
                throw new GitopsException("wait state: object '" + o + "' is not apiVersion|Kind|namespace|name");
            }
        }
    }

    /** A state for these desired objects, with a deadline {@code timeout} from now. */
    public static WaitState of(String app, String labelSelector, Collection<KubeObject> desired, Duration timeout, Clock clock) {
        return new WaitState(app, labelSelector, ids(desired), clock.millis() + timeout.toMillis());
    }

    /** The objects as a state holds them ({@code apiVersion|Kind|namespace|name}), for a caller that persists them first. */
    public static List<String> ids(Collection<KubeObject> desired) {
        List<String> objects = new ArrayList<>();
        for (KubeObject o : desired) {
            objects.add(o.apiVersion() + "|" + o.kind() + "|" + o.namespace() + "|" + o.name());
        }
        return objects;
    }

    /** One tracked object. */
    public record Target(String apiVersion, String kind, String namespace, String name) {
        public ResourceKey key() {
            return new ResourceKey(ResourceKey.groupOf(apiVersion), kind, namespace, name);
        }
    }

    public List<Target> targets() {
        return objects.stream().map(o -> o.split("\\|", -1)).map(p -> new Target(p[0], p[1], p[2], p[3])).toList();
    }
}
