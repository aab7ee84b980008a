package io.jenkins.plugins.gitops.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.kube.ApiResource;
import io.jenkins.plugins.gitops.kube.Cluster;
import io.jenkins.plugins.gitops.kube.KubeApiException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One sync, rollback or prune of an app at a time: a {@code coordination.k8s.io/v1} Lease
 * {@code gitops-sync-<app>} in the inventory namespace, held while the operation writes and
 * renewed every third of its duration. Argo CD refuses a second operation ("another operation
 * is already in progress"); we wait up to {@code SyncOptions.lockTimeout} for the holder to
 * finish, then fail naming it.
 *
 * <p>Expiry is judged as client-go's leader election judges it: a lease whose resourceVersion
 * has not moved for its {@code leaseDurationSeconds}, as seen by the waiter's own clock, is
 * taken over (its holder died or lost the cluster). Timestamps written by another machine are
 * shown, never trusted, so clock skew cannot hand a live lease to a second sync. Creation is
 * create-if-absent and every change an update at the resourceVersion read: two waiters cannot
 * both win.
 */
final class AppLease implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Cluster cluster;
    private final ApiResource leases;
    private final String namespace;
    private final String name;
    private final String app;
    private final String identity;
    private final Duration duration;
    private final String fieldManager;
    private final ScheduledExecutorService renewer;
    private volatile ObjectNode held;
    private volatile String lost;
    private volatile long renewedAt;
    private final String takenFrom;

    private AppLease(Cluster cluster, ApiResource leases, String namespace, String app, String identity, Duration duration, String fieldManager,
                     ObjectNode held, String takenFrom) {
        this.cluster = cluster;
        this.leases = leases;
        this.namespace = namespace;
        this.name = name(app);
        this.app = app;
        this.identity = identity;
        this.duration = duration;
        this.fieldManager = fieldManager;
        this.held = held;
        this.takenFrom = takenFrom;
        this.renewedAt = System.nanoTime();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gitops-lease-" + app);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, duration.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** The host name, looked up once per process (a slow resolver would otherwise cost every sync). */
    private static final class Host {
        static final String NAME = lookup();

        private static String lookup() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "unknown-host";
            }
        }
    }

    static String name(String app) {
        return "gitops-sync-" + app;
    }

    /** {@code host pid 1234 [description]}, plus a token telling two syncs of one process apart. */
    static String identity(String description) {
        String host = Host.NAME;
        String pid = String.valueOf(ProcessHandle.current().pid());
        if (pid.isEmpty()) {
            pid = ManagementFactory.getRuntimeMXBean().getName();
        }
        String token = UUID.randomUUID().toString().substring(0, 8);
        return host + " pid " + pid + " #" + token + (description == null || description.isBlank() ? "" : " (" + description.strip() + ")");
    }

    /**
     * Takes the app's lease, waiting up to {@code wait} for the current holder to release it or
     * to stop renewing it for the lease's duration.
     *
     * @param createFirst the app has no inventory yet (its first sync), so it most likely has no Lease either: create it
     *                    without reading it first (one request less per app of a tree's first sync); a Lease that exists
     *                    all the same answers 409, and it is read and judged as any other
     * @throws SyncException when it is still held at the end of the wait, naming the holder
     */
    static AppLease acquire(Cluster cluster, InventoryStore store, String namespace, String app, String description, Duration duration,
                            Duration wait, String fieldManager, boolean createFirst) {
        store.ensureNamespace();
        ApiResource leases = cluster.resolver().resolve("coordination.k8s.io/v1", "Lease");
        String identity = identity(description);
        long deadline = System.nanoTime() + wait.toNanos();
        String observedVersion = null;
        long observedAt = 0;
        boolean read = !createFirst;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SyncException("app " + app + ": interrupted while waiting for its lease", new InterruptedException());
            }
            Optional<ObjectNode> current = read ? cluster.get(leases, namespace, name(app)) : Optional.empty();
            read = true;
            try {
                if (current.isEmpty()) {
                    ObjectNode created = cluster.create(leases, lease(namespace, app, identity, duration, null, 0), fieldManager, false);
                    return new AppLease(cluster, leases, namespace, app, identity, duration, fieldManager, created, "");
                }
                ObjectNode l = current.get();
                String holder = l.path("spec").path("holderIdentity").asText("");
                String version = l.path("metadata").path("resourceVersion").asText("");
                if (holder.equals(identity)) {
                    return new AppLease(cluster, leases, namespace, app, identity, duration, fieldManager, l, ""); // our retried write had landed
                }
                if (holder.isEmpty()) {
                    return new AppLease(cluster, leases, namespace, app, identity, duration, fieldManager,
                            cluster.update(leases, take(l, namespace, app, identity, duration), fieldManager, false), "");
                }
                if (!version.equals(observedVersion)) {
                    observedVersion = version;
                    observedAt = System.nanoTime();
                }
                long heldFor = Math.max(1, l.path("spec").path("leaseDurationSeconds").asLong(duration.toSeconds()));
                long expiresIn = observedAt + TimeUnit.SECONDS.toNanos(heldFor) - System.nanoTime();
                if (expiresIn <= 0) {
                    ObjectNode taken = cluster.update(leases, take(l, namespace, app, identity, duration), fieldManager, false);
                    return new AppLease(cluster, leases, namespace, app, identity, duration, fieldManager, taken,
                            holder + " (it stopped renewing for " + heldFor + " s)");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SyncException("app " + app + ": another sync holds Lease/" + namespace + "/" + name(app) + ": " + holder
                            + ", acquired " + l.path("spec").path("acquireTime").asText("?") + ", renewed "
                            + l.path("spec").path("renewTime").asText("?") + "; waited " + wait.toSeconds()
                            + " s for it (lockTimeout); nothing was written");
                }
                String seen = version;
                try {
                    cluster.awaitObject(leases, namespace, name(app), o -> !o.path("metadata").path("resourceVersion").asText("").equals(seen),
                            Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(left, expiresIn))));
                } catch (KubeApiException timeoutOrWatch) {
                    // nothing changed in time (or the watch failed): read again and judge
                    if (Thread.currentThread().isInterrupted()) {
                        throw new SyncException("app " + app + ": interrupted while waiting for its lease", timeoutOrWatch);
                    }
                }
            } catch (KubeApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
                // someone else created or took it between our read and our write: read again
            }
        }
    }

    private static ObjectNode lease(String namespace, String app, String identity, Duration duration, String version, int transitions) {
        String now = MICRO.format(Instant.now());
        ObjectNode o = JSON.createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        ObjectNode md = o.putObject("metadata").put("name", name(app)).put("namespace", namespace);
        if (version != null) {
            md.put("resourceVersion", version);
        }
        md.putObject("labels").put("gitops.jenkins.io/lease-of", app).put("app.kubernetes.io/managed-by", "gitops-jenkins");
        o.putObject("spec").put("holderIdentity", identity).put("leaseDurationSeconds", Math.max(1, duration.toSeconds()))
                .put("acquireTime", now).put("renewTime", now).put("leaseTransitions", transitions);
        return o;
    }

    private static ObjectNode take(ObjectNode current, String namespace, String app, String identity, Duration duration) {
        return lease(namespace, app, identity, duration, current.path("metadata").path("resourceVersion").asText(),
                current.path("spec").path("leaseTransitions").asInt(0) + 1);
    }

    /** Who held the lease before, when this one was taken over from a holder that stopped renewing ("" otherwise). */
    String takenFrom() {
        return takenFrom;
    }

    String identity() {
        return identity;
    }

    private void renew() {
        try {
            ObjectNode next = held.deepCopy().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
            ((ObjectNode) next.with("spec")).put("renewTime", MICRO.format(Instant.now()));
            held = cluster.update(leases, next, fieldManager, false);
            renewedAt = System.nanoTime();
        } catch (KubeApiException e) {
            if (e.code() == 409) {
                Optional<ObjectNode> now = cluster.get(leases, namespace, name);
                String holder = now.map(l -> l.path("spec").path("holderIdentity").asText("")).orElse("");
                if (holder.equals(identity)) {
                    held = now.get();
                } else {
                    lost = holder.isEmpty() ? "it was released or deleted by someone else" : "it was taken over by " + holder;
                }
            } else if (System.nanoTime() - renewedAt > duration.toNanos()) {
                lost = "it could not be renewed for " + duration.toSeconds() + " s: " + e.getMessage();
            }
        } catch (RuntimeException e) {
            if (System.nanoTime() - renewedAt > duration.toNanos()) {
                lost = "it could not be renewed for " + duration.toSeconds() + " s: " + e;
            }
        }
    }

    /** Throws when the lease was lost (taken over after a renewal gap, or deleted): the caller must not record. */
    void check() {
        String why = lost;
        if (why != null) {
            throw new SyncException("app " + app + ": lost Lease/" + namespace + "/" + name + " while working: " + why
                    + "; the inventory was not written");
        }
    }

    /** Stops renewing and releases the lease (holder cleared at the version we hold), so a waiting sync goes on at once. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lost != null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            ObjectNode release = held.deepCopy().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
            ObjectNode spec = (ObjectNode) release.with("spec");
            spec.remove("holderIdentity");
            spec.put("leaseDurationSeconds", 1);
            cluster.update(leases, release, fieldManager, false);
        } catch (RuntimeException e) {
            // it expires by itself after its duration
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
