package io.distdb.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ItemsApiTest {

    private static void put(String pk, String sk, String json) {
        given().contentType(ContentType.JSON).body(json)
                .when().put("/api/v1/items/{pk}/{sk}", pk, sk)
                .then().statusCode(200).body("pk", equalTo(pk)).body("sk", equalTo(sk));
    }

    @Test
    void putGetDeleteAnItem() {
        put("user-1", "profile", "{\"name\":\"Ada\",\"tags\":[\"x\"],\"age\":36}");
        given().when().get("/api/v1/items/user-1/profile").then().statusCode(200)
                .body("value.name", equalTo("Ada")).body("value.age", equalTo(36)).body("value.tags[0]", equalTo("x"));

        put("user-1", "profile", "{\"name\":\"Ada L.\"}");
        given().when().get("/api/v1/items/user-1/profile").then().statusCode(200)
                .body("value.name", equalTo("Ada L.")).body("value.age", nullValue());

        given().when().delete("/api/v1/items/user-1/profile").then().statusCode(204);
        given().when().get("/api/v1/items/user-1/profile").then().statusCode(404)
                .body("error", equalTo("not_found")).body("message", notNullValue());
        given().when().delete("/api/v1/items/user-1/profile").then().statusCode(404);
    }

    @Test
    void patchChangesSomeFieldsAndKeepsTheRest() {
        put("patched", "1", "{\"name\":\"Ada\",\"age\":36,\"address\":{\"city\":\"London\",\"zip\":\"N1\"}}");
        given().contentType(ContentType.JSON).body("{\"age\":37,\"name\":null,\"address\":{\"city\":\"Paris\"},\"tags\":[\"a\"]}")
                .when().patch("/api/v1/items/patched/1").then().statusCode(200)
                .body("value.age", equalTo(37)).body("value.name", nullValue());
        given().when().get("/api/v1/items/patched/1").then().statusCode(200)
                .body("value.age", equalTo(37))
                .body("value.containsKey('name')", equalTo(false))
                .body("value.address.city", equalTo("Paris"))
                .body("value.address.zip", equalTo("N1"))
                .body("value.tags[0]", equalTo("a"));

        // An absent item is created from the patch, as DynamoDB's UpdateItem does.
        given().contentType("application/merge-patch+json").body("{\"n\":1}")
                .when().patch("/api/v1/items/patched/2").then().statusCode(200);
        given().when().get("/api/v1/items/patched/2").then().body("value.n", equalTo(1));

        given().contentType(ContentType.JSON).body("[1]").when().patch("/api/v1/items/patched/1").then().statusCode(400);
        given().when().get("/api/v1/items/patched/1").then().body("value.age", equalTo(37));
    }

    /** Concurrent patches of different fields of one item all land: an update never loses another write. */
    @Test
    void concurrentPatchesOfOneItemAllLand() throws Exception {
        put("contended", "x", "{}");
        int writers = 8;
        int fieldsEach = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int f = 0; f < fieldsEach; f++) {
                    given().contentType(ContentType.JSON).body("{\"w" + writer + "_" + f + "\":" + f + "}")
                            .when().patch("/api/v1/items/contended/x").then().statusCode(200);
                }
            }));
        }
        for (var future : done) {
            future.get();
        }
        pool.shutdown();
        java.util.Map<String, Object> value = given().when().get("/api/v1/items/contended/x").then().statusCode(200)
                .extract().jsonPath().getMap("value");
        assertEquals(writers * fieldsEach, value.size());
    }

    /** The seed 000 example requests, exactly as the seed writes them. */
    @Test
    void seedQueriesAnswerAtTheirExactPaths() {
        for (int i = 100; i <= 107; i++) {
            put("people-100", "messages-" + i, "{\"text\":\"m" + i + "\"}");
        }
        put("people-100", "friends-2020-01", "{}");
        put("people-200", "messages-300", "{}");
        put("people-200", "photos-1", "{}");
        put("people-100-2020-05", "friends-2019", "{}");
        put("people-100-2020-06", "friends-2020-03", "{}");
        put("people-100-2020-06", "friends-2021", "{}");
        put("people-100-2020-07", "friends-2020-06-01", "{}");
        put("people-100-2020-08", "friends-2020-01", "{}");

        given().when().get("/query_begins/people-100/messages/asc").then().statusCode(200)
                .body("items.sk", contains("messages-100", "messages-101", "messages-102", "messages-103",
                        "messages-104", "messages-105", "messages-106", "messages-107"))
                .body("items[0].value.text", equalTo("m100"))
                .body("count", equalTo(8));

        given().when().get("/query_pk_sk_begins/people/messages/desc").then().statusCode(200)
                .body("items.pk", contains("people-200", "people-100", "people-100", "people-100", "people-100",
                        "people-100", "people-100", "people-100", "people-100"))
                .body("items.sk", contains("messages-300", "messages-107", "messages-106", "messages-105",
                        "messages-104", "messages-103", "messages-102", "messages-101", "messages-100"));

        // Both bounds are inclusive.
        given().when().get("/query_between/people-100/messages-101/messages-105/desc").then().statusCode(200)
                .body("items.sk", contains("messages-105", "messages-104", "messages-103", "messages-102", "messages-101"));

        given().when().get("/both_between/people-100-2020-05/people-100-2020-07/friends-2019/friends-2020-06-~~/desc")
                .then().statusCode(200)
                .body("items.pk", contains("people-100-2020-07", "people-100-2020-06", "people-100-2020-05"))
                .body("items.sk", contains("friends-2020-06-01", "friends-2020-03", "friends-2019"));
    }

    @Test
    void versionedQueriesPageWithAContinuationToken() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String sk = String.format("event-%03d", i);
            put("pager", sk, "{\"n\":" + i + "}");
            expected.add(sk);
        }
        put("pager", "other", "{}");
        for (String order : List.of("asc", "desc")) {
            List<String> seen = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                var request = given().queryParam("limit", 10);
                if (next != null) {
                    request.queryParam("next", next);
                }
                var body = request.when().get("/api/v1/query_begins/pager/event-/" + order)
                        .then().statusCode(200).extract().jsonPath();
                seen.addAll(body.getList("items.sk", String.class));
                next = body.getString("next");
                pages++;
            } while (next != null);
            List<String> want = new ArrayList<>(expected);
            if (order.equals("desc")) {
                java.util.Collections.reverse(want);
            }
            assertEquals(want, seen, order);
            assertEquals(3, pages, order);
        }
        // The last page has no token; an exact fit needs no empty extra page.
        given().queryParam("limit", 25).when().get("/api/v1/query_begins/pager/event-/asc").then()
                .statusCode(200).body("items", hasSize(25)).body("next", nullValue());
    }

    @Test
    void versionedRangeQueriesHaveInclusiveBounds() {
        put("range-a", "1", "{}");
        put("range-a", "2", "{}");
        put("range-b", "1", "{}");
        put("range-b", "3", "{}");
        put("range-c", "2", "{}");
        given().when().get("/api/v1/both_between/range-a/range-b/2/3/asc").then().statusCode(200)
                .body("items.pk", contains("range-a", "range-b")).body("items.sk", contains("2", "3"));
        given().when().get("/api/v1/query_between/range-b/1/3/asc").then().statusCode(200)
                .body("items.sk", contains("1", "3"));
        given().when().get("/api/v1/query_pk_sk_begins/range-/2/asc").then().statusCode(200)
                .body("items.pk", contains("range-a", "range-c"));
    }

    @Test
    void badRequestsGetAClearErrorAndChangeNothing() {
        put("bad-input", "kept", "{\"v\":1}");

        given().contentType(ContentType.JSON).body("{\"v\": ").when().put("/api/v1/items/bad-input/kept")
                .then().statusCode(400).body("error", equalTo("malformed_json")).body("message", notNullValue());
        given().contentType(ContentType.JSON).body("[1,2]").when().put("/api/v1/items/bad-input/kept")
                .then().statusCode(400).body("error", equalTo("bad_request"));
        String huge = "{\"v\":\"" + "x".repeat(4 * 1024 * 1024 + 10) + "\"}";
        given().contentType(ContentType.JSON).body(huge).when().put("/api/v1/items/bad-input/kept")
                .then().statusCode(413).body("error", equalTo("too_large"));
        given().when().get("/api/v1/items/bad-input/kept").then().statusCode(200).body("value.v", equalTo(1));

        given().when().get("/query_begins/bad-input/k/sideways").then().statusCode(400)
                .body("message", equalTo("order must be 'asc' or 'desc', not 'sideways'"));
        given().when().get("/api/v1/query_between/bad-input/z/a/asc").then().statusCode(400)
                .body("error", equalTo("bad_request"));
        given().queryParam("limit", 0).when().get("/api/v1/query_begins/bad-input/k/asc").then().statusCode(400);
        given().queryParam("next", "!!!").when().get("/api/v1/query_begins/bad-input/k/asc").then().statusCode(400)
                .body("error", equalTo("bad_request"));
        // A token from another query is refused rather than silently jumping elsewhere.
        given().queryParam("next", "EHBhZ2VyAAFldmVudC0wMDk").when().get("/api/v1/query_begins/bad-input/k/asc")
                .then().statusCode(400);
    }
}
