package io.distdb.pgwire;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs one connection's work in order, one task at a time, on a shared pool: statements block (storage,
 * replicas), so they never run on the event loop, and a connection never runs two at once.
 */
final class SerialQueue {

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    SerialQueue(Executor pool) {
        this.pool = pool;
    }

    void submit(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable t) {
                // A task that fails with an Error (out of memory) must not leave the queue marked as draining, or
                // the connection's later work, its release included, would never run.
                org.jboss.logging.Logger.getLogger(SerialQueue.class).errorf(t, "a connection task failed");
            }
        }
    }
}
