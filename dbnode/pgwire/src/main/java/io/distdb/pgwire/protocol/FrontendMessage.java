package io.distdb.pgwire.protocol;

import java.util.List;
import java.util.Map;

/** The messages a client sends (PostgreSQL protocol 3.0), decoded. */
public sealed interface FrontendMessage {

    /** The first message of a connection: protocol version and parameters (user, database, options...). */
    record Startup(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {
    }

    /** "May I speak TLS?" before the startup message. */
    record SslRequest() implements FrontendMessage {
    }

    /** "May I speak GSSAPI encryption?" before the startup message; always refused. */
    record GssEncRequest() implements FrontendMessage {
    }

    /** A new connection's only message: cancel the statement running on connection {@code processId}. */
    record CancelRequest(int processId, int secretKey) implements FrontendMessage {
    }

    /** 'p': a password, or a SASL initial response or response; its meaning depends on the exchange. */
    record PasswordData(byte[] data) implements FrontendMessage {
    }

    /** 'Q': one or more statements in the simple protocol. */
    record Query(String sql) implements FrontendMessage {
    }

    /** 'P': prepare {@code sql} as statement {@code name} ("" the unnamed one). Type OID 0 = unspecified. */
    record Parse(String name, String sql, int[] parameterTypes) implements FrontendMessage {
    }

    /** 'B': bind parameter values to a prepared statement, making portal {@code portal}. Null values are null. */
    record Bind(String portal, String statement, short[] parameterFormats, List<byte[]> values, short[] resultFormats)
            implements FrontendMessage {
    }

    /** 'D': describe statement ('S') or portal ('P') {@code name}. */
    record Describe(char kind, String name) implements FrontendMessage {
    }

    /** 'E': run portal {@code portal}, returning at most {@code maxRows} rows (0 = all). */
    record Execute(String portal, int maxRows) implements FrontendMessage {
    }

    /** 'C': close statement ('S') or portal ('P') {@code name}. */
    record Close(char kind, String name) implements FrontendMessage {
    }

    /** 'S': end of an extended-protocol cycle. */
    record Sync() implements FrontendMessage {
    }

    /** 'H': send what is pending. */
    record Flush() implements FrontendMessage {
    }

    /** 'X': the client is leaving. */
    record Terminate() implements FrontendMessage {
    }

    /** 'd': a chunk of COPY FROM STDIN data. */
    record CopyData(byte[] data) implements FrontendMessage {
    }

    /** 'c': the end of COPY FROM STDIN data. */
    record CopyDone() implements FrontendMessage {
    }

    /** 'f': the client abandons COPY FROM STDIN. */
    record CopyFail(String reason) implements FrontendMessage {
    }

    /** 'F': the fast-path function call interface, which is not supported. */
    record FunctionCall() implements FrontendMessage {
    }
}
