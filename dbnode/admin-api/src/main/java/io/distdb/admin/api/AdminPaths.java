package io.distdb.admin.api;

/** The admin API's paths, shared by the node that serves them and the client that calls them. */
public final class AdminPaths {

    public static final String STATUS = "/admin/v1/status";
    public static final String TOPOLOGY = "/admin/v1/topology";
    public static final String REBALANCE = "/admin/v1/rebalance";
    public static final String DATA = "/admin/v1/data";
    public static final String METADATA = "/admin/v1/metadata";
    /** Compacts the node's engines now (LSM: every level into the bottom one; hash log: a merge). */
    public static final String COMPACT = "/admin/v1/storage/compact";

    /** Admin requests carry {@code Authorization: Bearer <token>}. */
    public static final String AUTHORIZATION = "Authorization";
    public static final String BEARER = "Bearer ";

    private AdminPaths() {
    }
}
