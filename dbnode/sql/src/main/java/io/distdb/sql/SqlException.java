package io.distdb.sql;

/**
 * Every error the SQL engine reports: a SQLSTATE (PostgreSQL's codes, so the wire protocol passes them on
 * unchanged), a short error word for the HTTP API, a message, and for syntax errors the position in the
 * statement. Front ends map it; the engine never knows which one called it.
 */
public class SqlException extends RuntimeException {

    /** 1-based line and column of the token where the problem was found. */
    public record Position(int line, int column, int offset) {
    }

    private final String sqlState;
    private final String error;
    private final transient Position position;
    private final String detail;

    public SqlException(String sqlState, String error, String message) {
        this(sqlState, error, message, null);
    }

    public SqlException(String sqlState, String error, String message, Position position) {
        super(message, null, false, false);
        this.sqlState = sqlState;
        this.error = error;
        this.position = position;
        this.detail = null;
    }

    /**
     * An error with a detail line, as PostgreSQL gives one ({@code Key (id)=(1) already exists.}): the message is
     * {@code primary: detail}, and front ends that show the two apart (the wire protocol) use {@link #primaryMessage()}
     * and {@link #detail()}.
     */
    public static SqlException withDetail(String sqlState, String error, String primary, String detail) {
        return new SqlException(sqlState, error, primary, detail, true);
    }

    private SqlException(String sqlState, String error, String primary, String detail, boolean withDetail) {
        super(primary + ": " + detail, null, false, false);
        this.sqlState = sqlState;
        this.error = error;
        this.position = null;
        this.detail = detail;
    }

    /** The message without its detail. */
    public String primaryMessage() {
        return detail == null ? getMessage() : getMessage().substring(0, getMessage().length() - detail.length() - 2);
    }

    /** The detail line, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** The five-character SQLSTATE, such as {@code 42P01}. */
    public String sqlState() {
        return sqlState;
    }

    /** The HTTP API's error word, such as {@code unknown_table}. */
    public String error() {
        return error;
    }

    /** Where in the statement, or {@code null}. */
    public Position position() {
        return position;
    }
}
