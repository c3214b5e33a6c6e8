package io.distdb.testreport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says plainly, once a module's tests are over, which test classes did not run and why: a skipped test is
 * easy to miss among a passing build's lines, and what it proves was not proven on this machine. Tests are
 * skipped only where a prerequisite is missing (a Docker engine, psql, curl) and {@code CI} is not set; on
 * CI they fail instead.
 *
 * <p>Registered through {@code META-INF/services} in every test JVM of a module that depends on this one.
 * The module's list goes to its {@code target/skipped-tests.txt}; each skipped class is also appended to
 * the build's list, {@code target/skipped-tests-build.tsv} at the repository root, marked with the build's
 * start time, so that the build's last module (the one run with {@code testreport.summary=true}) can
 * print every module's skips together at the very end.
 *
 * <p>System properties, set by the parent pom: {@code testreport.module} (the module's name),
 * {@code testreport.build.id} (the same for every module of one Maven run), {@code testreport.build.root} (the
 * repository root).
 */
public final class SkippedTestsReport implements TestExecutionListener {

    static final String MODULE_LIST = "skipped-tests.txt";
    static final String BUILD_LIST = "skipped-tests-build.tsv";

    private final String module;
    private final String buildId;
    private final Path moduleTarget;
    private final Path buildList;
    private final boolean summary;
    private final Consumer<String> out;

    /** Test class (simple name) to the reason it, or one of its tests, did not run; the first reason wins. */
    private final Map<String, String> skipped = new LinkedHashMap<>();

    public SkippedTestsReport() {
        this(System.getProperty("testreport.module", Path.of("").toAbsolutePath().getFileName().toString()),
                System.getProperty("testreport.build.id", ""),
                Path.of("target"),
                Path.of(System.getProperty("testreport.build.root", "..")).resolve("target").resolve(BUILD_LIST),
                Boolean.getBoolean("testreport.summary"),
                System.out::println);
    }

    SkippedTestsReport(String module, String buildId, Path moduleTarget, Path buildList, boolean summary, Consumer<String> out) {
        this.module = module;
        this.buildId = buildId;
        this.moduleTarget = moduleTarget;
        this.buildList = buildList;
        this.summary = summary;
        this.out = out;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        // An assumption that does not hold aborts the test: it did not run either.
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private synchronized void record(TestIdentifier test, String reason) {
        String owner = test.getSource().map(source -> {
            if (source instanceof ClassSource c) {
                return c.getClassName();
            }
            if (source instanceof MethodSource m) {
                return m.getClassName();
            }
            return null;
        }).orElse(null);
        if (owner != null) {
            skipped.putIfAbsent(owner.substring(owner.lastIndexOf('.') + 1), reason == null ? "no reason given" : oneLine(reason));
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        try {
            if (!skipped.isEmpty()) {
                List<String> lines = banner("SKIPPED in " + module + ": " + skipped.size()
                        + " test class(es) did not run, so what they prove was NOT checked here:", skippedHere());
                lines.forEach(out);
                appendToBuildList();
                // A module's tests may run in several JVMs (surefire, failsafe, forks): its file lists them all.
                List<String> module = buildSkips(this.module);
                Files.createDirectories(moduleTarget);
                Files.write(moduleTarget.resolve(MODULE_LIST), banner("SKIPPED in " + this.module + ": " + module.size()
                        + " test class(es) did not run:", module), StandardCharsets.UTF_8);
            }
            if (summary) {
                List<String> all = buildSkips(null);
                if (!all.isEmpty()) {
                    banner("SKIPPED in this build: " + all.size() + " test class(es) in all did not run:", all).forEach(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> skippedHere() {
        List<String> entries = new ArrayList<>();
        skipped.forEach((test, reason) -> entries.add(test + ": " + reason));
        return entries;
    }

    private static List<String> banner(String title, List<String> entries) {
        List<String> lines = new ArrayList<>();
        lines.add("=".repeat(100));
        lines.add(title);
        entries.forEach(e -> lines.add("  " + e));
        lines.add("With CI set, a missing prerequisite fails these tests instead of skipping them.");
        lines.add("=".repeat(100));
        return lines;
    }

    private void appendToBuildList() throws IOException {
        List<String> rows = new ArrayList<>();
        skipped.forEach((test, reason) -> rows.add(buildId + "\t" + module + "\t" + test + "\t" + reason));
        Files.createDirectories(buildList.getParent());
        Files.write(buildList, rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * {@code module: Class: reason} for every skip this build recorded, in order: of one module, or of every
     * module when {@code onlyModule} is null.
     */
    private List<String> buildSkips(String onlyModule) throws IOException {
        List<String> all = new ArrayList<>();
        if (!Files.exists(buildList)) {
            return all;
        }
        for (String row : Files.readAllLines(buildList, StandardCharsets.UTF_8)) {
            String[] f = row.split("\t", 4);
            if (f.length == 4 && f[0].equals(buildId) && (onlyModule == null || f[1].equals(onlyModule))) {
                String entry = (onlyModule == null ? f[1] + ": " : "") + f[2] + ": " + f[3];
                if (!all.contains(entry)) {
                    all.add(entry);
                }
            }
        }
        return all;
    }
}
