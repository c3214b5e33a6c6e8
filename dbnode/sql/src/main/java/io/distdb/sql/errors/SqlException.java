package io.distdb.sql.errors;

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
    private final String primary;
    private final String detail;
    private final String context;

    public SqlException(String sqlState, String error, String message) {
        this(sqlState, error, message, null);
    }

    public SqlException(String sqlState, String error, String message, Position position) {
        this(sqlState, error, message, null, null, position);
    }

    private SqlException(String sqlState, String error, String primary, String detail, String context, Position position) {
        super(primary + (detail == null ? "" : ": " + detail) + (context == null ? "" : " (" + context + ")"), null, false, false);
        this.sqlState = sqlState;
        this.error = error;
        this.position = position;
        this.primary = primary;
        this.detail = detail;
        this.context = context;
    }

    /**
     * An error with a detail line, as PostgreSQL gives one ({@code Key (id)=(1) already exists.}): the message is
     * {@code primary: detail}, and front ends that show the two apart (the wire protocol) use {@link #primaryMessage()}
     * and {@link #detail()}.
     */
    public static SqlException withDetail(String sqlState, String error, String primary, String detail) {
        return new SqlException(sqlState, error, primary, detail, null, null);
    }

    /**
     * This error with where it happened, as PostgreSQL's CONTEXT line says it ({@code COPY t, line 3, column n: "x"}):
     * the message ends with it in parentheses; the wire protocol sends it apart ({@link #context()}).
     */
    public SqlException withContext(String where) {
        return new SqlException(sqlState, error, primary, detail, context == null ? where : context + ", " + where, position);
    }

    /** The message without its detail and context. */
    public String primaryMessage() {
        return primary;
    }

    /** The detail line, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** Where the error happened (beyond the statement's text), or {@code null}. */
    public String context() {
        return context;
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
