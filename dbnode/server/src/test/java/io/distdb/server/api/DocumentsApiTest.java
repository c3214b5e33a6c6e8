package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class DocumentsApiTest {

    @Test
    void saveFetchReplaceDelete() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\",\"address\":{\"city\":\"London\"}}")
                .when().put("/api/v1/documents/people_docs/ada").then().statusCode(200)
                .body("id", equalTo("ada")).body("collection", equalTo("people_docs"));
        given().when().get("/api/v1/documents/people_docs/ada").then().statusCode(200)
                .body("body.address.city", equalTo("London"));
        given().contentType(ContentType.JSON).body("{\"name\":\"Ada\",\"address\":{\"city\":\"Paris\"}}")
                .when().put("/api/v1/documents/people_docs/ada").then().statusCode(200);
        given().when().get("/api/v1/documents/people_docs/ada").then().body("body.address.city", equalTo("Paris"));
        given().when().delete("/api/v1/documents/people_docs/ada").then().statusCode(204);
        given().when().get("/api/v1/documents/people_docs/ada").then().statusCode(404);
    }

    @Test
    void listsACollectionInPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "d" + i;
            ids.add(id);
            given().contentType(ContentType.JSON).body("{\"i\":" + i + "}").when().put("/api/v1/documents/paged/" + id)
                    .then().statusCode(200);
        }
        given().contentType(ContentType.JSON).body("{}").when().put("/api/v1/documents/paged2/d0").then().statusCode(200);
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = given().queryParam("limit", 3);
            if (after != null) {
                request.queryParam("after", after);
            }
            var page = request.when().get("/api/v1/documents/paged").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("documents.id", String.class));
            after = page.getString("next");
        } while (after != null);
        assertEquals(ids, seen);
    }

    @Test
    void badDocumentsAreRefused() {
        given().contentType(ContentType.JSON).body("{\"kept\":true}").when().put("/api/v1/documents/strict/one").then().statusCode(200);
        given().contentType(ContentType.JSON).body("[1]").when().put("/api/v1/documents/strict/one").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"a\":").when().put("/api/v1/documents/strict/one").then().statusCode(400)
                .body("error", equalTo("malformed_json"));
        given().contentType(ContentType.JSON).body("{}").when().put("/api/v1/documents/bad-name!/one").then().statusCode(400);
        given().when().get("/api/v1/documents/strict/one").then().statusCode(200).body("body.kept", equalTo(true));
    }
}
