package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void healthReportsLiveAndReady() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'store' }.data.node", equalTo("node-1"));
    }

    @Test
    void openApiDocumentDescribesEveryApi() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/items/{pk}/{sk}"))
                .body("paths", hasKey("/query_begins/{pk}/{skPrefix}/{order}"))
                .body("paths", hasKey("/api/v1/kv/{key}"))
                .body("paths", hasKey("/api/v1/words"))
                .body("paths", hasKey("/search"))
                .body("paths", hasKey("/api/v1/documents/{collection}/{id}"))
                .body("paths", hasKey("/sql"));
    }

    @Test
    void unknownPathsAndMethodsAnswerInJson() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404).body("error", equalTo("not_found"));
        given().when().post("/api/v1/items/a/b").then().statusCode(405)
                .body("error", equalTo("method_not_allowed"))
                .body("message", containsString("POST is not allowed on /api/v1/items/a/b"));
    }
}
