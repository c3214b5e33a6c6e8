package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class KvApiTest {

    /** Seed 001's two requests, exactly as the seed writes them. */
    @Test
    void seedPutThenPostReadsTheEntryBack() {
        given().header("Content-Type", "application/json")
                .body("{\"key\": \"90219201f2\",\"content_type\": \"{*MIMEType}\", \"encoding\": \"{*some_encodings}\", \"value\": \"whatever_key_you_want_store\"}")
                .when().put("/").then().statusCode(200)
                .body("'90219201f2'.content_type", equalTo("{*MIMEType}"))
                .body("'90219201f2'.encoding", equalTo("{*some_encodings}"))
                .body("'90219201f2'.value", equalTo("whatever_key_you_want_store"));

        given().header("Content-Type", "application/octet-stream").body("90219201f2".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .when().post("/").then().statusCode(200)
                .body("'90219201f2'.content_type", equalTo("{*MIMEType}"))
                .body("'90219201f2'.encoding", equalTo("{*some_encodings}"))
                .body("'90219201f2'.value", equalTo("whatever_key_you_want_store"));
    }

    @Test
    void restFormReadsWritesAndDeletes() {
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"hello\"}")
                .when().put("/api/v1/kv/CAFE01").then().statusCode(200).body("key", equalTo("cafe01"));
        given().when().get("/api/v1/kv/cafe01").then().statusCode(200)
                .body("value", equalTo("hello")).body("content_type", equalTo("text/plain"));
        // Both APIs address the same entries.
        given().contentType(ContentType.JSON).body("{\"key\":\"cafe01\"}").when().post("/").then().statusCode(200)
                .body("cafe01.value", equalTo("hello"));
        given().when().delete("/api/v1/kv/cafe01").then().statusCode(204);
        given().when().get("/api/v1/kv/cafe01").then().statusCode(404).body("error", equalTo("not_found"));
        given().contentType(ContentType.TEXT).body("cafe01").when().post("/").then().statusCode(404);
    }

    @Test
    void invalidKeysAndMissingFieldsAre400AndChangeNothing() {
        given().contentType(ContentType.JSON)
                .body("{\"key\":\"0a0b\",\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"kept\"}")
                .when().put("/").then().statusCode(200);

        given().contentType(ContentType.JSON)
                .body("{\"key\":\"0a0\",\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"x\"}")
                .when().put("/").then().statusCode(400).body("message", equalTo("key '0a0' is not valid hex: it has an odd number of digits"));
        given().contentType(ContentType.JSON)
                .body("{\"key\":\"zz\",\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"x\"}")
                .when().put("/").then().statusCode(400).body("error", equalTo("bad_request"));
        given().contentType(ContentType.JSON)
                .body("{\"key\":\"0a0b\",\"encoding\":\"utf-8\",\"value\":\"overwritten\"}")
                .when().put("/").then().statusCode(400).body("message", equalTo("field 'content_type' is required"));
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"x\"}")
                .when().put("/").then().statusCode(400).body("message", notNullValue());
        given().contentType(ContentType.JSON)
                .body("{\"key\":\"0a0b\",\"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":42}")
                .when().put("/").then().statusCode(400).body("message", equalTo("field 'value' must be a string"));
        given().contentType(ContentType.JSON).body("{\"key\":\"0a0b\",")
                .when().put("/").then().statusCode(400).body("error", equalTo("malformed_json"));
        given().contentType(ContentType.TEXT).body("not-hex").when().post("/").then().statusCode(400);
        given().when().get("/api/v1/kv/xyz1").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"content_type\":\"a\",\"encoding\":\"b\",\"value\":\"" + "v".repeat(4 * 1024 * 1024) + "\"}")
                .when().put("/api/v1/kv/0a0b").then().statusCode(413).body("error", equalTo("too_large"));

        given().contentType(ContentType.TEXT).body("0a0b").when().post("/").then().statusCode(200)
                .body("'0a0b'.value", equalTo("kept"));
    }
}
