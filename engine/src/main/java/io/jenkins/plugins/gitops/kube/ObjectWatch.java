package io.jenkins.plugins.gitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A keep-alive watch of one kind in one scope, the way client-go's reflector keeps one: LIST
 * (delivering every object), then a streaming WATCH from the list's resourceVersion; when the
 * server ends the stream (its timeout) the watch resumes from the last version seen, after a
 * failure it resumes with the {@link RetryPolicy}'s backoff (each a {@code retry} in the
 * counter), and on 410 Gone it lists again, reporting as deleted what vanished meanwhile.
 *
 * <p>Events are parsed straight into Jackson trees on the HTTP reader thread and handed to the
 * handler there, one at a time: no typed model, no executor hop, no per-client deserializer to
 * warm (with fabric8's informer the first event after a quiet spell took 80 ms to over a second to
 * arrive; see bench/RESULTS.md "Waits"). Every request goes through the cluster's counted verbs.
 */
public final class ObjectWatch implements AutoCloseable {

    /** Receives the objects of the watch, one call at a time. */
    public interface Handler {
        /** An object as it is now (listed, added or modified), with apiVersion and kind filled in. */
        void upserted(ObjectNode object);

        /** An object that is gone. */
        void deleted(String namespace, String name);
    }

    /** The server ends a watch after this long; we resume from where it stopped, as kubectl does. */
    static final int WATCH_SECONDS = 300;

    private static final ScheduledExecutorService RECONNECTS = reconnects();

    private final ApiTransport transport;
    private final ApiResource resource;
    private final String namespace;
    private final String labelSelector;
    private final String fieldSelector;
    private final Handler handler;
    private final String subject;
    private final int watchSeconds;
    /** namespace/name of every object delivered and not deleted: what a re-list must report as gone. */
    private final Set<String> known = new HashSet<>();
    private volatile boolean closed;
    private String resourceVersion;
    private boolean gone;
    private int failures;
    private volatile ApiTransport.Stream stream;
    private volatile ScheduledFuture<?> reconnect;

    private ObjectWatch(ApiTransport transport, ApiResource resource, String namespace, String labelSelector, String fieldSelector,
            Handler handler, int watchSeconds) {
        this.transport = transport;
        this.watchSeconds = watchSeconds;
        this.resource = resource;
        this.namespace = namespace == null || namespace.isEmpty() || !resource.namespaced() ? null : namespace;
        this.labelSelector = labelSelector == null || labelSelector.isBlank() ? null : labelSelector;
        this.fieldSelector = fieldSelector == null || fieldSelector.isBlank() ? null : fieldSelector;
        this.handler = handler;
        this.subject = resource.kind() + " watch" + (this.namespace == null ? "" : " in namespace " + this.namespace)
                + (this.labelSelector == null ? "" : " with selector '" + this.labelSelector + "'")
                + (this.fieldSelector == null ? "" : " with fields '" + this.fieldSelector + "'");
    }

    /**
     * Lists (delivering every object before returning), then watches.
     *
     * @throws KubeApiException when the list or the watch cannot be opened (naming the kind and scope)
     */
    static ObjectWatch start(ApiTransport transport, ApiResource resource, String namespace, String labelSelector, String fieldSelector,
            Handler handler, int watchSeconds) {
        ObjectWatch w = new ObjectWatch(transport, resource, namespace, labelSelector, fieldSelector, handler, watchSeconds);
        synchronized (w) {
            w.relist();
            w.openWithRetries();
        }
        return w;
    }

    /** The first watch, retried as any request is (a 429 or 5xx on the upgrade, a dropped connection). */
    private void openWithRetries() {
        RetryPolicy retry = transport.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                open();
                return;
            } catch (KubeApiException e) {
                if (!ApiTransport.retryable(e, "watch") || attempt >= retry.attempts()) {
                    throw attempt == 1 ? e : new KubeApiException(e.getMessage() + " (gave up after " + attempt + " attempts)", e.code(), e.reason(), e);
                }
            }
            transport.calls().record("retry");
            try {
                Thread.sleep(retry.backoff(attempt, null).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubeApiException(subject + ": interrupted", 0, "", e);
            }
        }
    }

    private void relist() {
        Cluster.Page all = Cluster.listAll(transport, resource, namespace, labelSelector, fieldSelector);
        Set<String> now = new HashSet<>();
        for (ObjectNode o : all.items()) {
            now.add(id(o));
        }
        for (String id : Set.copyOf(known)) {
            if (!now.contains(id)) {
                known.remove(id);
                int slash = id.indexOf('/');
                handler.deleted(id.substring(0, slash), id.substring(slash + 1));
            }
        }
        for (ObjectNode o : all.items()) {
            known.add(id(o));
            handler.upserted(o);
        }
        resourceVersion = all.resourceVersion();
        gone = false;
    }

    private void open() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("watch", "true");
        q.put("allowWatchBookmarks", "true");
        q.put("timeoutSeconds", Integer.toString(watchSeconds));
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            q.put("resourceVersion", resourceVersion);
        }
        if (labelSelector != null) {
            q.put("labelSelector", labelSelector);
        }
        if (fieldSelector != null) {
            q.put("fieldSelector", fieldSelector);
        }
        StringBuilder path = new StringBuilder(resource.collectionPath(namespace));
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            path.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        stream = transport.stream("watch", subject, path.toString(), this::event, this::ended);
        if (closed) {
            stream.close();
        }
    }

    private synchronized void event(JsonNode e) {
        if (closed || !(e.path("object") instanceof ObjectNode o)) {
            return;
        }
        String type = e.path("type").asText();
        switch (type) {
            case "ADDED", "MODIFIED" -> {
                if (!o.path("apiVersion").isTextual()) {
                    o.put("apiVersion", resource.apiVersion());
                }
                if (!o.path("kind").isTextual()) {
                    o.put("kind", resource.kind());
                }
                resourceVersion = o.path("metadata").path("resourceVersion").asText(resourceVersion);
                known.add(id(o));
                failures = 0;
                handler.upserted(o);
            }
            case "DELETED" -> {
                resourceVersion = o.path("metadata").path("resourceVersion").asText(resourceVersion);
                if (known.remove(id(o))) {
                    handler.deleted(o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText());
                }
            }
            case "BOOKMARK" -> resourceVersion = o.path("metadata").path("resourceVersion").asText(resourceVersion);
            case "ERROR" -> {
                // a Status: 410 Gone (our version is too old: list again), anything else ends this stream and we resume
                gone = o.path("code").asInt() == 410;
                stream.close(); // reports nothing more: resume from here
                failures++;
                schedule(gone ? 0 : transport.retry().backoff(failures, null).toMillis(), !gone);
            }
            default -> {
                // unknown event types are ignored, as client-go does
            }
        }
    }

    /** The stream ended: resume, at once after a clean end, with backoff after a failure. */
    private void ended(Throwable failure) {
        if (closed) {
            return; // checked before taking the lock: a close from another thread must not wait for a delivery
        }
        synchronized (this) {
            endedLocked(failure);
        }
    }

    private void endedLocked(Throwable failure) {
        long delay = 0;
        if (failure != null || gone) {
            failures++;
            delay = failure == null ? 0 : transport.retry().backoff(failures, null).toMillis();
        }
        schedule(delay, failure != null);
    }

    private void schedule(long delayMillis, boolean retry) {
        if (closed) {
            return;
        }
        reconnect = RECONNECTS.schedule(() -> resume(retry), delayMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void resume(boolean retry) {
        if (closed) {
            return;
        }
        if (retry) {
            transport.calls().record("retry");
        }
        try {
            if (gone) {
                relist();
            }
            open();
        } catch (KubeApiException e) {
            if (e.code() == 410) {
                gone = true;
            }
            failures++;
            schedule(transport.retry().backoff(failures, null).toMillis(), true);
        }
    }

    private static String id(JsonNode o) {
        return o.path("metadata").path("namespace").asText("") + "/" + o.path("metadata").path("name").asText();
    }

    @Override
    public void close() {
        closed = true;
        // no lock: a handler may close its own watch from a delivery, and a closer must not wait for one
        ApiTransport.Stream s = stream;
        ScheduledFuture<?> r = reconnect;
        if (r != null) {
            r.cancel(false);
        }
        if (s != null) {
            s.close();
        }
    }

    private static ScheduledExecutorService reconnects() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gitops-watch-reconnect");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
