package io.distdb.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Grafana dashboard asks only for metrics a node serves: every name in its queries is in a real
 * scrape of this node. A renamed metric fails here, not on a user's empty panel.
 */
@QuarkusTest
class DashboardMetricsTest {

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    static final Path DASHBOARD = Path.of("charts/distdb-operator/dashboards/distdb-cluster.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:distdb|jvm)_[a-z0-9_]+)\\b");

    @Test
    void everyQueriedMetricIsServed() throws IOException {
        Path root = Path.of(System.getProperty("test.repository.root", "../..")).toAbsolutePath().normalize();
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve(DASHBOARD).toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        dashboard.path("templating").path("list").forEach(v -> queries.add(v.path("definition").asText()));
        assertTrue(queries.size() > 20, "the dashboard's queries were found");

        Set<String> queried = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                queried.add(m.group(1));
            }
        }
        System.gc(); // the GC pause timer appears with the first collection
        Set<String> served = Scrape.of(admin, MetricsEndpointTest.METRICS_TOKEN).names();
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(served);
        assertFalse(queried.isEmpty());
        assertEquals(Set.of(), missing, "metrics the dashboard queries but the node does not serve");
    }

    @Test
    void panelIdsAreUnique() throws IOException {
        Path root = Path.of(System.getProperty("test.repository.root", "../..")).toAbsolutePath().normalize();
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve(DASHBOARD).toFile());
        Set<Integer> ids = new TreeSet<>();
        dashboard.path("panels").forEach(p -> assertTrue(ids.add(p.path("id").asInt()), "panel id " + p.path("id")));
    }
}
