package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class WordsApiTest {

    private static void add(String word, int status) {
        given().contentType(ContentType.JSON).body("{ \"word\": \"" + word + "\" }")
                .when().post("/api/v1/words").then().statusCode(status);
    }

    /** Seed 004's example, request for request. */
    @Test
    void seedExampleSearchesByPrefix() {
        for (String word : new String[] {"trifecta", "tribute", "trinket", "triumph", "trial", "triathlon"}) {
            add(word, 201);
        }
        given().when().get("/search?q=tria").then().statusCode(200)
                .body(equalTo("{\"results\":[\"trial\",\"triathlon\"]}"));
        given().when().get("/search?q=triat").then().statusCode(200)
                .body(equalTo("{\"results\":[\"triathlon\"]}"));

        given().header("Content-Type", "application/json").body("{\"word\":\"foo\"}")
                .when().post("/api/v1/words").then().statusCode(201);
        given().when().get("/search?q=fo").then().body("results", contains("foo"));
        given().header("Content-Type", "application/json").body("{\"word\":\"foo\"}")
                .when().delete("/api/v1/words").then().statusCode(200);
        given().when().get("/search?q=fo").then().body("results", empty());
    }

    @Test
    void anyPrefixLengthWorksAndResultsAreOrderedAndLimited() {
        for (String word : new String[] {"zeta", "zebra", "zero", "zest", "zygote", "zen"}) {
            add(word, 201);
        }
        add("zebra", 200);
        given().when().get("/search?q=z").then().body("results", contains("zebra", "zen", "zero", "zest", "zeta", "zygote"));
        given().when().get("/search?q=z&limit=2").then().body("results", contains("zebra", "zen"));
        given().when().get("/search?q=zyx").then().body("results", empty());
    }

    @Test
    void badRequests() {
        given().contentType(ContentType.JSON).body("{\"w\":\"x\"}").when().post("/api/v1/words").then().statusCode(400)
                .body("message", equalTo("field 'word' is required"));
        given().contentType(ContentType.JSON).body("{\"word\":\"\"}").when().post("/api/v1/words").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"word\":7}").when().post("/api/v1/words").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"word\":").when().post("/api/v1/words").then().statusCode(400)
                .body("error", equalTo("malformed_json"));
        given().contentType(ContentType.JSON).body("{\"word\":\"never-added\"}").when().delete("/api/v1/words")
                .then().statusCode(404);
        given().when().get("/search").then().statusCode(400);
        given().when().get("/search?q=a&limit=0").then().statusCode(400);
    }
}
