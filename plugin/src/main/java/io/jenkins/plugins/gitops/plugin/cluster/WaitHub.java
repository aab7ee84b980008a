package io.jenkins.plugins.gitops.plugin.cluster;

import io.jenkins.plugins.gitops.health.wait.ClusterKubeAccess;
import io.jenkins.plugins.gitops.health.wait.SharedWatches;
import io.jenkins.plugins.gitops.kube.Cluster;
import java.util.HashMap;
import java.util.Map;

/**
 * The connections the controller's running {@code gitopsWaitHealthy} steps share: one engine
 * {@link Cluster} and one {@link SharedWatches} per cluster identity (the same kubeconfig, context,
 * certificate or service account: {@link ClusterAccess#identity()}), reference-counted, closed by
 * the last wait that leaves. Waits with different credentials never share a connection. With it,
 * 100 waits on one cluster hold one watch per kind (one OkHttp reader thread each), not one per
 * wait and kind, and no thread of their own while nothing changes.
 */
public final class WaitHub {

    private static final Map<String, Lease> OPEN = new HashMap<>();

    private WaitHub() {
    }

    /** A share of the connection for this access; close it when the wait ends. */
    public static Handle acquire(ClusterAccess access) {
        String id = access.identity();
        synchronized (OPEN) {
            Lease l = OPEN.get(id);
            if (l == null) {
                Cluster cluster = Cluster.of(access.config());
                l = new Lease(id, cluster, new SharedWatches(new ClusterKubeAccess(cluster)));
                OPEN.put(id, l);
            }
            l.users++;
            return l.handle();
        }
    }

    /** Connections open now, for tests. */
    public static int open() {
        synchronized (OPEN) {
            return OPEN.size();
        }
    }

    /** One shared connection; {@link #handle()} gives each user its own closeable view. */
    static final class Lease {
        private final String id;
        private final Cluster cluster;
        private final SharedWatches watches;
        private int users;

        private Lease(String id, Cluster cluster, SharedWatches watches) {
            this.id = id;
            this.cluster = cluster;
            this.watches = watches;
        }

        Handle handle() {
            return new Handle(this);
        }
    }

    /** One wait's share: {@link #close()} is idempotent. */
    public static final class Handle implements AutoCloseable {
        private final Lease lease;
        private boolean closed;

        private Handle(Lease lease) {
            this.lease = lease;
        }

        public Cluster cluster() {
            return lease.cluster;
        }

        public SharedWatches watches() {
            return lease.watches;
        }

        @Override
        public void close() {
            boolean last;
            synchronized (OPEN) {
                if (closed) {
                    return;
                }
                closed = true;
                last = --lease.users == 0;
                if (last) {
                    OPEN.remove(lease.id, lease);
                }
            }
            if (last) {
                lease.cluster.close();
            }
        }
    }
}
