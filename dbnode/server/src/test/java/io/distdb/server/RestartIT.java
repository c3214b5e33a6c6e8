package io.distdb.server;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * A node killed with SIGKILL comes back with every acknowledged write of every API: items, key-value
 * entries, words (whose trie is rebuilt from the store), documents and SQL tables with their indexes.
 */
class RestartIT {

    @TempDir
    Path tmp;

    @Test
    void everyApiKeepsItsDataAcrossAKillAndARestart() throws Exception {
        try (NodeProcess node = new NodeProcess(tmp.resolve("node"), Map.of("DISTDB_DURABILITY", "sync"))) {
            node.start();
            write(api(node));
            node.kill();

            node.start();
            verify(api(node));

            // A second, clean restart (the store flushed on shutdown) keeps everything too.
            node.close();
            node.start();
            verify(api(node));
        }
    }

    private static RequestSpecification api(NodeProcess node) {
        return given().baseUri(node.baseUri());
    }

    private static void write(RequestSpecification api) {
        for (int i = 0; i < 50; i++) {
            given().spec(api).contentType(ContentType.JSON).body("{\"n\":" + i + "}")
                    .put("/api/v1/items/orders-7/line-{i}", String.format("%02d", i)).then().statusCode(200);
        }
        given().spec(api).delete("/api/v1/items/orders-7/line-13").then().statusCode(204);
        given().spec(api).contentType(ContentType.JSON)
                .body("{\"key\":\"beef\",\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"moo\"}")
                .put("/").then().statusCode(200);
        for (String word : new String[] {"trial", "triathlon", "tribute"}) {
            given().spec(api).contentType(ContentType.JSON).body("{\"word\":\"" + word + "\"}")
                    .post("/api/v1/words").then().statusCode(201);
        }
        given().spec(api).contentType(ContentType.JSON).body("{\"word\":\"tribute\"}").delete("/api/v1/words")
                .then().statusCode(200);
        given().spec(api).contentType(ContentType.JSON).body("{\"name\":\"Ada\",\"city\":\"London\"}")
                .put("/api/v1/documents/people/ada").then().statusCode(200);
        sql(api, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)");
        sql(api, "CREATE INDEX users_age ON users (age) USING BTREE");
        sql(api, "INSERT INTO users VALUES (1, 'Alice', 25), (2, 'Bob', 31), (3, 'Carol', 47)");
        sql(api, "UPDATE users SET age = 32 WHERE id = 2");
    }

    private static io.restassured.response.ValidatableResponse sql(RequestSpecification api, String statement) {
        return given().spec(api).contentType(ContentType.JSON)
                .body(java.util.Map.of("sql", statement)).post("/sql").then().statusCode(200);
    }

    private static void verify(RequestSpecification api) {
        var items = given().spec(api).queryParam("limit", 1000).get("/api/v1/query_begins/orders-7/line-/asc")
                .then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(49, items.getInt("count"));
        given().spec(api).get("/api/v1/items/orders-7/line-49").then().statusCode(200).body("value.n", equalTo(49));
        given().spec(api).get("/api/v1/items/orders-7/line-13").then().statusCode(404);
        given().spec(api).contentType(ContentType.TEXT).body("beef").post("/").then().statusCode(200)
                .body("beef.value", equalTo("moo"));
        given().spec(api).get("/search?q=tri").then().statusCode(200).body("results", contains("trial", "triathlon"));
        given().spec(api).get("/api/v1/documents/people/ada").then().statusCode(200).body("body.city", equalTo("London"));
        sql(api, "SELECT name FROM users WHERE age BETWEEN 30 AND 40").body("rows", contains(contains("Bob")));
        sql(api, "EXPLAIN SELECT name FROM users WHERE age BETWEEN 30 AND 40")
                .body("rows.flatten().join(' ')", org.hamcrest.Matchers.containsString("users_age"));
        sql(api, "SELECT doc->>'city' AS city FROM documents.people WHERE id = 'ada'").body("rows", contains(contains("London")));
    }
}
