package io.distdb.pgwire.protocol;

/**
 * A message that breaks the protocol (a wrong length, a missing terminator, an unknown message type): the
 * server answers with an ErrorResponse carrying {@link #sqlState()} and closes the connection, because after
 * a framing error it can no longer tell where the next message starts.
 */
public final class ProtocolException extends RuntimeException {

    private final String sqlState;

    public ProtocolException(String sqlState, String message) {
        super(message, null, false, false);
        this.sqlState = sqlState;
    }

    /** 08P01 protocol_violation. */
    public static ProtocolException violation(String message) {
        return new ProtocolException("08P01", message);
    }

    public String sqlState() {
        return sqlState;
    }
}
