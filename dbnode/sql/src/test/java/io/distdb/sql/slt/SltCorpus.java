package io.distdb.sql.slt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * SQLite's sqllogictest corpus, as the class path holds it: the {@code test/} resources of
 * {@code net.hydromatic:sql-logic-test} ({@code test/select1.test} .. {@code test/select5.test},
 * {@code test/evidence/}, {@code test/index/<kind>/<rows>/slt_good_<n>.test}, {@code test/random/}).
 */
public final class SltCorpus {

    /** The resource that locates the corpus on the class path. */
    static final String ANCHOR = "test/select1.test";

    /** The five hand-written SELECT scripts. */
    public static final List<String> SELECT = List.of(
            "test/select1.test", "test/select2.test", "test/select3.test", "test/select4.test",
            "test/select5.test");

    /**
     * A fixed sample of the generated index scripts over 10-row tables: BETWEEN, commuted comparisons,
     * DELETE, IN, ORDER BY (with and without an index serving it) and random expressions.
     */
    public static final List<String> INDEX_SAMPLE = List.of(
            "test/index/between/10/slt_good_0.test",
            "test/index/between/10/slt_good_1.test",
            "test/index/commute/10/slt_good_0.test",
            "test/index/commute/10/slt_good_1.test",
            "test/index/delete/10/slt_good_0.test",
            "test/index/in/10/slt_good_0.test",
            "test/index/in/10/slt_good_1.test",
            "test/index/orderby/10/slt_good_0.test",
            "test/index/orderby_nosort/10/slt_good_0.test",
            "test/index/random/10/slt_good_0.test");

    private SltCorpus() {
    }

    /** Reads and parses one script, named by its resource path ({@code test/select1.test}). */
    public static SltScript load(String resource) throws IOException {
        try (InputStream in = loader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource + " on the class path");
            }
            return SltScript.parse(resource, in);
        }
    }

    /** Every {@code .test} resource whose path starts with {@code prefix} (such as {@code test/index/}), sorted. */
    public static List<String> list(String prefix) throws IOException {
        return new ArrayList<>(sizes(prefix).keySet());
    }

    /**
     * Every {@code .test} resource whose path starts with {@code prefix}, sorted, with its size in bytes (-1
     * when the jar does not say).
     */
    public static java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        URL anchor = loader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IOException("the sqllogictest corpus (" + ANCHOR + ") is not on the class path");
        }
        java.util.SortedMap<String, Long> names = new java.util.TreeMap<>();
        switch (anchor.getProtocol()) {
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                URL jarUrl = connection.getJarFileURL();
                // The jar opened directly: the entries of the JarFile the connection gives do not carry sizes.
                JarFile opened;
                try {
                    opened = jarUrl.getProtocol().equals("file") ? new JarFile(Path.of(jarUrl.toURI()).toFile())
                            : connection.getJarFile();
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
                try (JarFile jar = opened) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        String name = entry.getName();
                        if (name.startsWith(prefix) && name.endsWith(".test")) {
                            names.put(name, entry.getSize());
                        }
                    }
                }
            }
            case "file" -> {
                // The corpus unpacked in a directory: the root is two levels above test/select1.test.
                Path root;
                try {
                    root = Path.of(anchor.toURI()).getParent().getParent();
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
                try (Stream<Path> paths = Files.walk(root.resolve("test"))) {
                    paths.filter(Files::isRegularFile).forEach(p -> {
                        String name = root.relativize(p).toString().replace('\\', '/');
                        if (name.startsWith(prefix) && name.endsWith(".test")) {
                            try {
                                names.put(name, Files.size(p));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            default -> throw new IOException("cannot list the corpus at " + anchor);
        }
        return names;
    }

    /** The file a script's report goes to under {@code dir}: {@code test/index/in/10/slt_good_0.test} to {@code index/in/10/slt_good_0.md}. */
    public static Path reportPath(Path dir, String resource) {
        String name = resource.startsWith("test/") ? resource.substring("test/".length()) : resource;
        if (name.endsWith(".test")) {
            name = name.substring(0, name.length() - ".test".length());
        }
        return dir.resolve(name + ".md");
    }

    private static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : SltCorpus.class.getClassLoader();
    }
}
