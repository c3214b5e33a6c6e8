package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.replication.ClusterKvStore;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.codec.TupleCodec;
import io.distdb.sql.types.SqlType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * A node whose keyspace holds a catalog written by an earlier release (in the keyspace, before the metadata
 * group held it): its tables and rows are there through SQL, and the ids handed out afterwards never repeat
 * one in use. Runs on a node of its own, so the group's catalog starts empty.
 */
@QuarkusTest
@TestProfile(KeyspaceCatalogTest.OwnNode.class)
class KeyspaceCatalogTest {

    public static class OwnNode implements QuarkusTestProfile {
    }

    @Inject
    ClusterKvStore store;

    @Inject
    ObjectMapper json;

    private static io.restassured.response.ValidatableResponse sql(String statement) {
        return given().contentType(ContentType.JSON).body(Map.of("sql", statement)).when().post("/sql").then();
    }

    @Test
    void aCatalogLeftInTheKeyspaceMovesIntoTheGroupWithItsCounters() throws Exception {
        // As an earlier release stored it: table 1 without a primary key (row ids 1 and 2 used), next id 2.
        TableDef old = new TableDef(1, "old_notes", List.of(new ColumnDef("note", SqlType.TEXT, false, 0, false),
                new ColumnDef(ColumnDef.ROW_ID, SqlType.BIGINT, true, 0, true)), List.of(ColumnDef.ROW_ID), List.of(), false);
        store.put(Keys.tableCatalogKey("old_notes"), json.writeValueAsBytes(old));
        store.put(Keys.nextIdKey(), Keys.long8(2));
        store.put(Keys.rowIdKey(1), Keys.long8(3));
        RowCodec rows = new RowCodec(json);
        for (long id = 1; id <= 2; id++) {
            store.put(Keys.rowKey(1, TupleCodec.encode(List.of(id))), rows.encode(new Object[] {"note " + id, id}));
        }

        sql("SELECT note FROM old_notes ORDER BY note").statusCode(200)
                .body("rows", equalTo(List.of(List.of("note 1"), List.of("note 2"))));
        // A new row id that repeated 1 or 2 would replace a row; a new table id that repeated 1 would show its rows.
        sql("INSERT INTO old_notes VALUES ('note 3')").statusCode(200);
        sql("SELECT count(*) FROM old_notes").statusCode(200).body("rows[0][0]", equalTo(3));
        sql("CREATE TABLE newer (id INTEGER PRIMARY KEY)").statusCode(200);
        sql("SELECT count(*) FROM newer").statusCode(200).body("rows[0][0]", equalTo(0));
    }
}
