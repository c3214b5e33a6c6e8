package io.distdb.admin.api;

/** An admin API call that a node refused or could not answer. */
public class AdminException extends RuntimeException {

    private final int status;
    private final String error;

    public AdminException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public AdminException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.error = "unreachable";
    }

    /** The HTTP status, or 0 when the node could not be reached. */
    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The node already has a newer topology than the one sent (409). */
    public boolean isStaleEpoch() {
        return status == 409;
    }

    public boolean isUnreachable() {
        return status == 0;
    }
}
