package io.distdb.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says plainly, once the run is over, which end-to-end test classes did not run and why: a skipped
 * Kubernetes test is easy to miss among a passing build's lines, and it means that what it proves was
 * not proven on this machine. The same list is written to {@code target/skipped-tests.txt}.
 *
 * <p>Registered for the whole test JVM through {@code META-INF/services}. Tests are skipped only where
 * no Docker engine answers and {@code CI} is not set; on CI they fail instead.
 */
public final class SkippedTestsReport implements TestExecutionListener {

    /** Test class name to the reason it (or one of its tests) did not run; first reason wins. */
    private final Map<String, String> skipped = new LinkedHashMap<>();

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
            skipped.putIfAbsent(simpleName(owner), reason == null ? "no reason given" : reason);
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("=".repeat(100));
        lines.add("SKIPPED: " + skipped.size() + " end-to-end test class(es) did not run, so what they prove was NOT checked here:");
        skipped.forEach((test, reason) -> lines.add("  " + test + ": " + reason));
        lines.add("They need a Docker engine, Go 1.26+, debootstrap and gcc (e2e/README.md); with CI set they are required"
                + " and fail instead of being skipped.");
        lines.add("=".repeat(100));
        lines.forEach(System.out::println);
        try {
            Path report = Path.of("target", "skipped-tests.txt");
            Files.createDirectories(report.getParent());
            Files.write(report, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
