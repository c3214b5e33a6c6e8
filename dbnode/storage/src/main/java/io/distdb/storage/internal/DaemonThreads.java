package io.distdb.storage.internal;

import java.util.concurrent.ThreadFactory;

/** Background threads of an engine: named for thread dumps, and daemons so they never keep a JVM alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
