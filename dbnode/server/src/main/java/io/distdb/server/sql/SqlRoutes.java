package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.api.ApiError;
import io.distdb.server.admin.JsonReplies;
import io.distdb.server.api.ApiException;
import io.distdb.server.api.SqlHttpErrors;
import io.distdb.sql.SqlException;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.server.replication.ReplicaPaths;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;

/** {@code POST /internal/v1/sql} on the admin port: statements other nodes forward to the SQL coordinator. */
@Singleton
public class SqlRoutes {

    private static final Logger LOG = Logger.getLogger(SqlRoutes.class);

    private final SqlService sql;
    private final ObjectMapper json;

    public SqlRoutes(SqlService sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    void register(@Observes @Priority(30) ManagementInterface management) {
        management.router().post(ReplicaPaths.SQL).blockingHandler(this::execute, false);
    }

    private void execute(RoutingContext rc) {
        try {
            SqlRequest request = json.readValue(rc.body().asString(), SqlRequest.class);
            StatementControl control = new StatementControl();
            rc.response().closeHandler(closed -> control.cancel("the forwarding node closed its connection"));
            send(rc, 200, sql.executeHere(request.sql(), request.params(), request.timeoutMillis(), control));
        } catch (ApiException e) {
            send(rc, e.status(), e.body());
        } catch (SqlException e) {
            send(rc, SqlHttpErrors.status(e), SqlHttpErrors.body(e));
        } catch (IOException e) {
            send(rc, 400, new ApiError("bad_request", "not a SQL request: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("forwarded statement failed", e);
            send(rc, 500, new ApiError("internal", String.valueOf(e.getMessage())));
        }
    }

    private void send(RoutingContext rc, int status, Object body) {
        JsonReplies.send(rc, json, status, body);
    }
}
