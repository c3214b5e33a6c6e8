package io.distdb.storage.lsm.version;

import java.nio.file.Path;
import java.util.OptionalLong;

/** Names of the files in an LSM store directory. */
public final class FileNames {

    public static final String MANIFEST = "MANIFEST";
    public static final String MANIFEST_TEMP = "MANIFEST.tmp";
    private static final String LOG_SUFFIX = ".log";
    private static final String TABLE_SUFFIX = ".sst";

    private FileNames() {
    }

    public static Path log(Path dir, long number) {
        return dir.resolve(String.format("%06d%s", number, LOG_SUFFIX));
    }

    public static Path table(Path dir, long number) {
        return dir.resolve(String.format("%06d%s", number, TABLE_SUFFIX));
    }

    public static OptionalLong logNumber(Path file) {
        return number(file, LOG_SUFFIX);
    }

    public static OptionalLong tableNumber(Path file) {
        return number(file, TABLE_SUFFIX);
    }

    private static OptionalLong number(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(0, name.length() - suffix.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
