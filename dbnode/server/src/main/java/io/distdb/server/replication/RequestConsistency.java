package io.distdb.server.replication;

import jakarta.enterprise.context.RequestScoped;

/** The consistency level the current client request asked for ({@code X-DistDB-Consistency} or {@code ?consistency=}). */
@RequestScoped
public class RequestConsistency {

    public static final String HEADER = "X-DistDB-Consistency";
    public static final String QUERY_PARAMETER = "consistency";

    private Consistency level = Consistency.DEFAULT;

    public Consistency level() {
        return level;
    }

    public void set(Consistency level) {
        this.level = level;
    }
}
