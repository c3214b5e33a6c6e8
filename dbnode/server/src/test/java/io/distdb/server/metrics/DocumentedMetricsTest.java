package io.distdb.server.metrics;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/metrics.md lists what a node serves, and the other way round: a metric the node serves under
 * {@code distdb_} is documented, and a documented one is served (a histogram by its {@code _count} series).
 */
@QuarkusTest
class DocumentedMetricsTest {

    private static final Pattern DOCUMENTED = Pattern.compile("`(distdb_[a-z0-9_]+)`");
    private static final Set<String> HISTOGRAM_SERIES = Set.of("_bucket", "_count", "_sum", "_max");

    @TestHTTPResource(value = "/", management = true)
    URL admin;

    @Test
    void theDocsAndTheScrapeNameTheSameMetrics() throws IOException {
        Path root = Path.of(System.getProperty("test.repository.root", "../..")).toAbsolutePath().normalize();
        Set<String> documented = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(root.resolve("docs/metrics.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertTrue(documented.size() > 25, "the metric tables were found: " + documented);

        Set<String> scraped = Scrape.of(admin, MetricsEndpointTest.METRICS_TOKEN).names();
        Set<String> served = new TreeSet<>();
        for (String name : scraped) {
            if (name.startsWith("distdb_")) {
                served.add(histogramBase(name, scraped));
            }
        }
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        assertEquals(Set.of(), undocumented, "served but not in docs/metrics.md");
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertEquals(Set.of(), notServed, "in docs/metrics.md but not served");
    }

    /** A histogram's series ({@code _bucket}, {@code _count}, ...) stand for the histogram's own name. */
    private static String histogramBase(String name, Set<String> all) {
        for (String suffix : HISTOGRAM_SERIES) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (all.contains(base + "_bucket")) {
                    return base;
                }
            }
        }
        return name;
    }
}
