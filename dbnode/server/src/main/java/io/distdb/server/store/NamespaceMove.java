package io.distdb.server.store;

import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.WriteBatch;
import io.distdb.storage.hashlog.HashLogStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves a namespace's entries from the engine that kept them to the one the node's settings now choose, at
 * start-up, before the node serves anything. The copy is made durable before the source is cleared, and
 * copying the same entries again is harmless, so a crash at any point is finished by the next start.
 *
 * <p>A hash log that was moved out is removed in one step that a crash cannot split: its directory is renamed
 * to {@code <name>.removing} (and the rename made durable) before any file in it is deleted. Deleting its
 * segments in place would leave, after a crash part-way, older segments that replay to older values and bring
 * deleted keys back, and the next start would copy them over the values the first one moved.
 */
final class NamespaceMove {

    private static final Logger LOG = Logger.getLogger(NamespaceMove.class);
    private static final int BATCH = 1000;
    private static final String REMOVING = ".removing";

    /** Deletes one file or empty directory; a parameter so that tests can fail it part-way. */
    @FunctionalInterface
    interface Deleter {
        void delete(Path path) throws IOException;
    }

    private NamespaceMove() {
    }

    /** Moves {@code namespace} out of an ordered engine (the LSM) into {@code target}. */
    static void fromOrderedEngine(Namespace namespace, KvStore source, KvStore target) {
        long moved = 0;
        List<byte[]> keys = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        try (KvIterator it = source.scan(ScanRange.prefix(namespace.prefix()))) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                batch.put(entry.key(), entry.value());
                keys.add(entry.key());
                if (batch.size() >= BATCH) {
                    target.write(batch);
                    batch = new WriteBatch();
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        if (!batch.isEmpty()) {
            target.write(batch);
        }
        target.flush();
        for (int i = 0; i < keys.size(); i += BATCH) {
            WriteBatch deletes = new WriteBatch();
            keys.subList(i, Math.min(keys.size(), i + BATCH)).forEach(deletes::delete);
            source.write(deletes);
            moved += deletes.size();
        }
        source.flush();
        LOG.infof("moved %d %s entries into the %s", moved, namespace, target.stats().engine());
    }

    /** Moves {@code namespace} out of a hash log that the settings no longer use, then removes its directory. */
    static void fromHashLog(Namespace namespace, HashLogStore source, KvStore target, Path sourceDir) {
        fromHashLog(namespace, source, target, sourceDir, Files::delete);
    }

    static void fromHashLog(Namespace namespace, HashLogStore source, KvStore target, Path sourceDir, Deleter deleter) {
        long moved;
        try {
            List<byte[]> keys = new ArrayList<>();
            source.forEachKey(keys::add);
            WriteBatch batch = new WriteBatch();
            for (byte[] key : keys) {
                byte[] value = source.get(key);
                if (value != null && key.length > 0 && key[0] == namespace.tag()) {
                    batch.put(key, value);
                }
                if (batch.size() >= BATCH) {
                    target.write(batch);
                    batch = new WriteBatch();
                }
            }
            if (!batch.isEmpty()) {
                target.write(batch);
            }
            target.flush();
            moved = keys.size();
        } finally {
            source.close();
        }
        Path removing = removingDir(sourceDir);
        try {
            Files.move(sourceDir, removing, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(sourceDir.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not set " + sourceDir + " aside after moving its entries", e);
        }
        deleteTree(removing, deleter);
        LOG.infof("moved %d %s entries out of the hash log into the %s", moved, namespace, target.stats().engine());
    }

    /**
     * Whether a hash log is still to be moved out of {@code hashLogDir}; first finishes removing one whose
     * removal a crash or an error interrupted (its entries were all moved before it was set aside).
     */
    static boolean hashLogLeftToMove(Path hashLogDir) {
        Path removing = removingDir(hashLogDir);
        if (Files.exists(removing)) {
            LOG.infof("finishing the removal of %s, whose entries were moved", removing);
            deleteTree(removing, Files::delete);
        }
        return Files.isDirectory(hashLogDir);
    }

    private static Path removingDir(Path dir) {
        return dir.resolveSibling(dir.getFileName() + REMOVING);
    }

    private static void deleteTree(Path dir, Deleter deleter) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                deleter.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir + " after moving its entries", e);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
