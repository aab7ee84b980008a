package io.jenkins.plugins.gitops.sync;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The answer of work a sync handed to its pool: the work's own exception as thrown there, anything else as a {@link SyncException}. */
final class Futures {

    private Futures() {
    }

    /**
     * @param interrupted the message when this thread is interrupted while it waits
     * @param failed what the work could not do ("cannot read the cluster"), before the cause of a checked failure; "" for the cause alone
     */
    static <T> T get(Future<T> f, String interrupted, String failed) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(interrupted, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new SyncException(failed.isEmpty() ? String.valueOf(e.getCause()) : failed + ": " + e.getCause(), e.getCause());
        }
    }
}
