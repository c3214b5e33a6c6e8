package io.distdb.sql.slt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the whole sqllogictest corpus (or the scripts under the given prefixes) against the engine
 * {@link SqlLogicTest#newEngine} opens, one fresh engine a file, and writes one Markdown summary.
 *
 * <pre>SltBench &lt;summary.md&gt; [prefix ...]     e.g. SltBench target/slt.md test/index/ test/select</pre>
 *
 * The prefix defaults to {@code test/} (all 622 scripts). Progress goes to standard error. Exit status 0
 * when nothing was wrong and nothing crashed, 1 otherwise, 2 on bad arguments.
 */
public final class SltBench {

    private SltBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SltBench <summary.md> [prefix ...]   (prefix default: test/)");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<String> prefixes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("test/");
        List<String> files = new ArrayList<>();
        for (String prefix : prefixes) {
            for (String f : SltCorpus.list(prefix)) {
                if (!files.contains(f)) {
                    files.add(f);
                }
            }
        }
        if (files.isEmpty()) {
            System.err.println("no .test resources under " + prefixes);
            System.exit(2);
        }
        SltReport report = run("sqllogictest: " + String.join(", ", prefixes), files, SqlLogicTest::newEngine);
        report.writeMarkdown(out);
        report.print(System.out);
        System.err.println("summary written to " + out.toAbsolutePath());
        boolean clean = report.total(SltOutcome.WRONG) == 0 && report.total(SltOutcome.CRASHED) == 0;
        System.exit(clean ? 0 : 1);
    }

    /** Runs {@code files} one after another, a fresh engine each, and reports them together. */
    public static SltReport run(String title, List<String> files, SltEngine.Factory factory) {
        SltRunner runner = new SltRunner(20);
        SltReport report = new SltReport(title).maxWrongShown(100);
        int i = 0;
        for (String file : files) {
            i++;
            SltFileResult result;
            try {
                result = runner.runFresh(SltCorpus.load(file), factory);
            } catch (IOException | RuntimeException e) {
                result = new SltFileResult(file, 0);
                result.fileError("the script did not load: " + e.getMessage());
            }
            report.add(result);
            System.err.println(String.format(Locale.ROOT, "[%d/%d] %s (%.1fs)", i, files.size(), result,
                    result.elapsed().toMillis() / 1000.0));
        }
        return report;
    }
}
