package io.distdb.storage.hashlog;

import java.nio.file.Path;

/**
 * Names of the files in a store directory.
 *
 * <p>A segment id packs a generation and a sub-number: {@code id = generation << 20 | sub}. Segments written by
 * the appender have sub 0 and a fresh generation each; the outputs of a merge take the highest generation of
 * their inputs with sub 1, 2, ... So sorting by id always puts a merge's outputs after its inputs and before
 * every segment written later, which is the order recovery replays them in (later wins).
 */
final class SegmentFiles {

    static final String DATA_SUFFIX = ".data";
    static final String HINT_SUFFIX = ".hint";
    static final String TEMP_SUFFIX = ".tmp";

    static final int SUB_BITS = 20;
    static final long MAX_SUB = (1L << SUB_BITS) - 1;

    private SegmentFiles() {
    }

    static long id(long generation, long sub) {
        return generation << SUB_BITS | sub;
    }

    static long generation(long id) {
        return id >>> SUB_BITS;
    }

    static long sub(long id) {
        return id & MAX_SUB;
    }

    static String baseName(long id) {
        return String.format("%012d-%07d", generation(id), sub(id));
    }

    static Path data(Path dir, long id) {
        return dir.resolve(baseName(id) + DATA_SUFFIX);
    }

    static Path hint(Path dir, long id) {
        return dir.resolve(baseName(id) + HINT_SUFFIX);
    }

    static Path temp(Path finalPath) {
        return finalPath.resolveSibling(finalPath.getFileName() + TEMP_SUFFIX);
    }

    /** The id encoded in a file name with the given suffix, or -1 if the name is not one of ours. */
    static long parse(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return -1;
        }
        String base = fileName.substring(0, fileName.length() - suffix.length());
        int dash = base.indexOf('-');
        if (dash != 12 || base.length() != 20) {
            return -1;
        }
        try {
            long generation = Long.parseLong(base.substring(0, dash));
            long sub = Long.parseLong(base.substring(dash + 1));
            return generation >= 0 && sub >= 0 && sub <= MAX_SUB ? id(generation, sub) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
