package io.distdb.testreport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Real JUnit runs of small test classes (nested here, so the build's own run does not pick them up) with
 * the report listening, as in a module's test JVM: what it prints, and what it writes for the module and
 * for the build.
 */
class SkippedTestsReportTest {

    @TempDir
    Path root;

    /** The lines one module's run printed. */
    private List<String> run(String module, String buildId, boolean summary, Class<?>... classes) {
        List<String> printed = new ArrayList<>();
        SkippedTestsReport report = new SkippedTestsReport(module, buildId, root.resolve(module).resolve("target"),
                root.resolve("target").resolve(SkippedTestsReport.BUILD_LIST), summary, printed::add);
        // Only this instance listens: the one META-INF/services registers would also write to the working directory.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(report).build());
        LauncherDiscoveryRequest request = request()
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toList()).build();
        launcher.execute(request);
        return printed;
    }

    @Test
    void aModuleThatSkippedSaysWhichClassesAndWhyAndWritesThemDown() throws IOException {
        List<String> printed = run("dbnode/pgwire", "b1", false, NeedsPsql.class, Disabled1.class, Runs.class);
        String text = String.join("\n", printed);
        assertTrue(text.contains("SKIPPED in dbnode/pgwire: 2 test class(es) did not run"), text);
        assertTrue(text.contains("  SkippedTestsReportTest$NeedsPsql: psql is not installed"), text);
        assertTrue(text.contains("  SkippedTestsReportTest$Disabled1: not today"), text);
        assertFalse(text.contains("Runs"), text);
        String file = Files.readString(root.resolve("dbnode/pgwire/target/skipped-tests.txt"));
        assertTrue(file.contains("NeedsPsql: psql is not installed") && file.contains("Disabled1: not today"), file);
    }

    @Test
    void aModuleWhereEverythingRanSaysNothing() {
        assertEquals(List.of(), run("operator", "b1", false, Runs.class));
        assertFalse(Files.exists(root.resolve("operator/target/skipped-tests.txt")));
    }

    @Test
    void theLastModuleRepeatsEveryModulesSkipsOfThisBuildOnly() {
        run("dbnode/pgwire", "old-build", false, Disabled1.class);
        run("dbnode/pgwire", "b2", false, NeedsPsql.class);
        run("dbnode/server", "b2", false, Disabled1.class);
        List<String> printed = run("e2e", "b2", true, Runs.class);
        String text = String.join("\n", printed);
        assertTrue(text.contains("SKIPPED in this build: 2 test class(es) in all did not run"), text);
        assertTrue(text.contains("  dbnode/pgwire: SkippedTestsReportTest$NeedsPsql: psql is not installed"), text);
        assertTrue(text.contains("  dbnode/server: SkippedTestsReportTest$Disabled1: not today"), text);
        assertFalse(text.contains("dbnode/pgwire: Disabled1"), "an earlier build's skip: " + text);
    }

    @Test
    void aModuleWhoseTestsRunInSeveralJvmsListsAllOfThemInItsFile() throws IOException {
        run("dbnode/server", "b3", false, NeedsPsql.class);
        run("dbnode/server", "b3", false, Disabled1.class);
        String file = Files.readString(root.resolve("dbnode/server/target/skipped-tests.txt"));
        assertTrue(file.contains("NeedsPsql") && file.contains("Disabled1"), file);
    }

    static class NeedsPsql {
        @Test
        void script() {
            Assumptions.abort("psql is not installed (Debian's postgresql-client)");
        }
    }

    @Disabled("not today")
    static class Disabled1 {
        @Test
        void anything() {
        }
    }

    static class Runs {
        @Test
        void passes() {
        }
    }
}
