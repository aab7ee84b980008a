package io.jenkins.plugins.gitops.health.wait;

import io.jenkins.plugins.gitops.kube.KubeObject;
import io.jenkins.plugins.gitops.kube.ResourceKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link KubeAccess} whose watches are shared by every wait that runs through it at the same
 * time: one watch per scope, however many waits, reference-counted (the last to leave closes
 * it), with a cache of the scope's objects that a wait joining late receives first. A watch of
 * an app by its label ({@code gitops.jenkins.io/app=<app>}) is widened to every app's objects of
 * that kind in the same namespace ({@code gitops.jenkins.io/app}), so waits of different apps
 * share it too: the waiter keeps only the objects it tracks. This is what makes many concurrent waits
 * cheap, since a fabric8 watch over OkHttp holds one reader thread for as long as it is open
 * (100 waits of 100 apps on one kind: one watch, one thread, instead of 100).
 *
 * <p>Listeners are called one at a time per watch; they must be quick. A listener may close its
 * watch from the callback (a wait that ends does): leaving takes no lock a delivery holds.
 * {@link #requests()} counts the requests of every wait that shares this access.
 */
public final class SharedWatches implements KubeAccess {

    private final KubeAccess kube;
    private final Map<Scope, Shared> open = new HashMap<>();

    public SharedWatches(KubeAccess kube) {
        this.kube = kube;
    }

    private record Scope(String apiVersion, String kind, String namespace, String labelSelector, String name) {

        /**
         * The app label with one value becomes "has the app label", in the same namespace (or all,
         * when the wait spans several): one watch for the apps of a namespace, and no wider read
         * permission needed than the wait's own.
         */
        static Scope of(String apiVersion, String kind, String namespace, String labelSelector, String name) {
            String prefix = WaitState.APP_LABEL + "=";
            if (labelSelector != null && labelSelector.startsWith(prefix) && !labelSelector.contains(",") && name == null) {
                return new Scope(apiVersion, kind, namespace, WaitState.APP_LABEL, null);
            }
            return new Scope(apiVersion, kind, namespace, labelSelector, name);
        }
    }

    /** Open watches, for tests and status pages. */
    public synchronized int openWatches() {
        return open.size();
    }

    @Override
    public Watching watch(String apiVersion, String kind, String namespace, String labelSelector, String name, Listener listener) {
        Scope scope = Scope.of(apiVersion, kind, namespace, labelSelector, name);
        Shared shared;
        synchronized (this) {
            shared = open.computeIfAbsent(scope, Shared::new);
            shared.users++;
        }
        try {
            shared.join(listener);
        } catch (RuntimeException e) {
            leave(scope, shared, listener);
            throw e;
        }
        return () -> leave(scope, shared, listener);
    }

    private void leave(Scope scope, Shared shared, Listener listener) {
        shared.remove(listener);
        boolean last;
        synchronized (this) {
            last = --shared.users == 0;
            if (last) {
                open.remove(scope, shared);
            }
        }
        if (last) {
            shared.close();
        }
    }

    @Override
    public List<KubeObject> list(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        return kube.list(apiVersion, kind, namespace, labelSelector, fieldSelector);
    }

    @Override
    public Optional<String> previousLog(String namespace, String pod, String container, int lines) {
        return kube.previousLog(namespace, pod, container, lines);
    }

    @Override
    public Map<String, Long> requests() {
        return kube.requests();
    }

    /** One underlying watch, its cache and the waits listening to it. */
    private final class Shared implements Listener {

        private final Scope scope;
        private final Object starting = new Object();
        private final Map<ResourceKey, KubeObject> cache = new LinkedHashMap<>();
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();
        private Watching watching;
        private volatile boolean closed;
        int users;

        Shared(Scope scope) {
            this.scope = scope;
        }

        /** Opens the watch for the first user (outside the delivery lock: it delivers while opening), then hands over the cache. */
        void join(Listener listener) {
            synchronized (starting) {
                if (watching == null) {
                    watching = kube.watch(scope.apiVersion(), scope.kind(), scope.namespace(), scope.labelSelector(), scope.name(), this);
                }
            }
            synchronized (this) {
                cache.values().forEach(listener::upserted);
                listeners.add(listener);
            }
        }

        void remove(Listener listener) {
            listeners.remove(listener);
        }

        void close() {
            Watching w;
            synchronized (starting) {
                w = watching;
                closed = true;
            }
            if (w != null) {
                w.close();
            }
        }

        @Override
        public synchronized void upserted(KubeObject obj) {
            if (closed) {
                return;
            }
            cache.put(obj.key(), obj);
            for (Listener l : listeners) {
                l.upserted(obj);
            }
        }

        @Override
        public synchronized void deleted(ResourceKey key) {
            if (closed) {
                return;
            }
            cache.remove(key);
            for (Listener l : listeners) {
                l.deleted(key);
            }
        }
    }
}
