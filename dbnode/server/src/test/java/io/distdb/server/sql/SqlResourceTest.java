package io.distdb.server.sql;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** {@code POST /sql} over HTTP: the response shapes and error statuses a client sees. */
@QuarkusTest
class SqlResourceTest {

    private static io.restassured.response.ValidatableResponse sql(String statement) {
        return given().contentType(ContentType.JSON).body(Map.of("sql", statement)).when().post("/sql").then();
    }

    @Test
    void queriesReturnColumnsAndRowsAsJsonValues() {
        sql("CREATE TABLE http_people (id INTEGER PRIMARY KEY, name TEXT, score DOUBLE, ok BOOLEAN, born TIMESTAMP, info JSON)")
                .statusCode(200).body("rowsAffected", equalTo(0)).body("columns", equalTo(List.of())).body("rows", equalTo(List.of()));
        sql("INSERT INTO http_people VALUES (1, 'Ada', 9.5, true, '2024-01-02 03:04:05', '{\"city\": \"London\"}'), (2, 'Bob', NULL, false, NULL, NULL)")
                .statusCode(200).body("rowsAffected", equalTo(2));
        sql("SELECT id, name, score, ok, born, info, info->>'city' AS city FROM http_people ORDER BY id")
                .statusCode(200)
                .body("columns", equalTo(List.of("id", "name", "score", "ok", "born", "info", "city")))
                .body("rows[0]", equalTo(List.of(1, "Ada", 9.5f, true, "2024-01-02T03:04:05Z", Map.of("city", "London"), "London")))
                .body("rows[1][2]", nullValue())
                .body("rowsAffected", nullValue());
    }

    @Test
    void seedZeroCurlBody() {
        sql("CREATE TABLE IF NOT EXISTS people (people_name TEXT, age INTEGER)").statusCode(200);
        given().contentType(ContentType.JSON).body("{\"sql\": \"insert into people (people_name, age) values ('Sam', 29)\"}")
                .when().post("/sql").then().statusCode(200).body("rowsAffected", equalTo(1));
        given().header("Content-type", "application/json").body("{\"sql\": \"select * from people\"}")
                .when().post("/sql").then().statusCode(200)
                .body("columns", equalTo(List.of("people_name", "age")))
                .body("rows.find { it[0] == 'Sam' }[1]", equalTo(29));
    }

    @Test
    void malformedJsonIsA400() {
        given().contentType(ContentType.JSON).body("{\"sql\": ").when().post("/sql").then().statusCode(400)
                .body("error", notNullValue()).body("message", notNullValue());
    }

    @Test
    void missingOrEmptySqlIsA400() {
        given().contentType(ContentType.JSON).body("{}").when().post("/sql").then().statusCode(400)
                .body("error", equalTo("bad_request")).body("message", containsString("sql"));
        sql("   ").statusCode(400).body("error", equalTo("bad_request"));
    }

    @Test
    void syntaxErrorsCarryTheirPosition() {
        // The parser reports the token where the grammar broke: here the '=' where WHERE's condition should start.
        sql("SELECT *\nFROM t WHERE = 3").statusCode(400)
                .body("error", equalTo("sql_syntax_error"))
                .body("sqlState", equalTo("42601"))
                .body("message", containsString("at or near \"=\""))
                .body("position.line", equalTo(2))
                .body("position.column", equalTo(14));
        sql("SELECT a,\n  b c d FROM t").statusCode(400)
                .body("error", equalTo("sql_syntax_error"))
                .body("position.line", equalTo(2))
                .body("position.column", equalTo(7));
    }

    @Test
    void unknownTableAndColumnAre400() {
        sql("SELECT * FROM http_missing").statusCode(400).body("error", equalTo("unknown_table"))
                .body("message", containsString("http_missing"));
        sql("CREATE TABLE http_cols (id INTEGER PRIMARY KEY)").statusCode(200);
        sql("SELECT nope FROM http_cols").statusCode(400).body("error", equalTo("unknown_column"))
                .body("message", containsString("nope"));
    }

    @Test
    void typeMismatchIsA400AndWritesNothing() {
        sql("CREATE TABLE http_typed (id INTEGER PRIMARY KEY, age INTEGER)").statusCode(200);
        sql("INSERT INTO http_typed VALUES (1, 10), (2, 20), (3, 'abc')").statusCode(400)
                .body("error", equalTo("type_mismatch")).body("sqlState", equalTo("22P02"))
                .body("message", containsString("row 3")).body("message", containsString("column \"age\""));
        sql("SELECT COUNT(*) FROM http_typed").statusCode(200).body("rows[0][0]", equalTo(0));
    }

    @Test
    void oversizedValuesAre413AndWriteNothing() {
        sql("CREATE TABLE http_big (id TEXT PRIMARY KEY, body TEXT)").statusCode(200);
        sql("INSERT INTO http_big VALUES ('small', 'x')").statusCode(200);
        sql("INSERT INTO http_big VALUES ('a', 'y'), ('" + "k".repeat(5000) + "', 'z')").statusCode(413)
                .body("error", equalTo("too_large")).body("message", containsString("primary key"));
        sql("INSERT INTO http_big VALUES ('b', 'y'), ('c', '" + "v".repeat(4 * 1024 * 1024 + 10) + "')").statusCode(413)
                .body("error", equalTo("too_large"));
        sql("UPDATE http_big SET body = '" + "v".repeat(4 * 1024 * 1024 + 10) + "' WHERE id = 'small'").statusCode(413);
        sql("SELECT id, body FROM http_big").statusCode(200).body("rows", equalTo(List.of(List.of("small", "x"))));
    }

    private static io.restassured.response.ValidatableResponse sql(String statement, List<?> params) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("sql", statement);
        body.put("params", params);
        return given().contentType(ContentType.JSON).body(body).when().post("/sql").then();
    }

    @Test
    void parametersBindByPositionAndAreNeverSql() {
        sql("CREATE TABLE http_params (id TEXT PRIMARY KEY, n INTEGER, info JSON)").statusCode(200);
        sql("INSERT INTO http_params VALUES (?, ?, ?), (?, ?, ?)",
                java.util.Arrays.asList("a", 1, Map.of("city", "London"), "b", null, List.of(1, 2)))
                .statusCode(200).body("rowsAffected", equalTo(2));
        sql("SELECT id, n, info->>'city' FROM http_params WHERE id = ?", List.of("a")).statusCode(200)
                .body("rows", equalTo(List.of(List.of("a", 1, "London"))));
        sql("SELECT id FROM http_params WHERE id = ?", List.of("x' OR '1'='1")).statusCode(200)
                .body("rows", equalTo(List.of()));
        sql("SELECT id FROM http_params WHERE n IS NULL AND info = ?", List.of(List.of(1, 2))).statusCode(200)
                .body("rows", equalTo(List.of(List.of("b"))));
        sql("UPDATE http_params SET n = ? WHERE id = ?", List.of(true, "b")).statusCode(400)
                .body("error", equalTo("type_mismatch")).body("message", containsString("column \"n\" is of type integer"));
        sql("DELETE FROM http_params WHERE id = ?", List.of("a", "b")).statusCode(400)
                .body("error", equalTo("sql_error"))
                .body("message", containsString("takes 1 parameter but 2 were given"));
        given().contentType(ContentType.JSON).body("{\"sql\": \"SELECT id FROM http_params WHERE id = ?\", \"params\": [\"b\"]}")
                .when().post("/sql").then().statusCode(200).body("rows", equalTo(List.of(List.of("b"))));
        given().contentType(ContentType.JSON).body("{\"sql\": \"SELECT 1\", \"params\": null}")
                .when().post("/sql").then().statusCode(200).body("rows", equalTo(List.of(List.of(1))));
    }

    @Test
    void explainReturnsThePlanAsRows() {
        sql("CREATE TABLE http_plan (id INTEGER PRIMARY KEY, age INTEGER)").statusCode(200);
        sql("CREATE INDEX http_plan_age ON http_plan (age) USING BTREE").statusCode(200);
        sql("EXPLAIN SELECT id FROM http_plan WHERE age > 3").statusCode(200)
                .body("columns", equalTo(List.of("plan")))
                .body("rows.flatten()", hasItem(containsString("SCAN http_plan: BTREE INDEX http_plan_age RANGE (age > 3)")));
    }
}
