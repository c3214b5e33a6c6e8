package io.distdb.storage.testing;

import io.distdb.storage.ChannelFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Opens channels that behave like a disk with a given amount of free space: a write past it stores what
 * fits and then fails with "No space left on device". Truncation can be made to fail as well. The cut is
 * at the file-channel boundary, the only place a unit test can make a real disk fill up on demand.
 *
 * <p>Faults can also be aimed at one step: {@link #failAfter} makes the operations of one kind on files
 * whose name matches a glob fail from the n-th on, and {@link #pauseAfter} holds one such operation until
 * the test lets it go, so a test decides exactly which step fails and what runs meanwhile. Creations,
 * fsyncs, renames and deletions are recorded in order ({@link #events()}).
 */
public final class FullDisk implements ChannelFactory {

    /** The kinds of operation a fault or a pause can be aimed at. */
    public enum Op {
        /** Any open of a file or, for an fsync of it, of a directory. */
        OPEN,
        /** An open that creates the file. */
        CREATE,
        /** One write call. */
        WRITE,
        /** An fsync of a file or a directory (the name of a directory is its last path element). */
        SYNC,
        /** A rename; the glob is matched against the source's and the target's name. */
        RENAME,
        /** A deletion. */
        DELETE
    }

    private final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
    private final AtomicBoolean failTruncate = new AtomicBoolean();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A fault ({@code pause == null}) or a pause, for the matching operations after the first {@code pass}. */
    private record Rule(Op op, Pattern name, int pass, AtomicInteger seen, Pause pause) {
        boolean matches(Op kind, Path... paths) {
            return kind == op && Arrays.stream(paths).anyMatch(p -> name.matcher(nameOf(p)).matches());
        }
    }

    /** An operation held until the test releases it. */
    public static final class Pause {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until the operation is being held. */
        public void awaitReached() throws InterruptedException {
            if (!reached.await(2, TimeUnit.MINUTES)) {
                throw new AssertionError("the operation to pause was never reached");
            }
        }

        public void release() {
            released.countDown();
        }

        private void hold() throws IOException {
            reached.countDown();
            try {
                // Bounded only so that a test that fails before releasing does not hang the build.
                if (!released.await(2, TimeUnit.MINUTES)) {
                    throw new IOException("paused operation was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while paused", e);
            }
        }
    }

    public void setFreeBytes(long bytes) {
        freeBytes.set(bytes);
    }

    public void unlimited() {
        freeBytes.set(Long.MAX_VALUE);
    }

    public void failTruncate(boolean fail) {
        failTruncate.set(fail);
    }

    /**
     * Lets the first {@code pass} operations of kind {@code op} on files whose name matches {@code glob}
     * ({@code *} any characters, {@code ?} one) succeed and fails every later one until {@link #clearFaults()}.
     */
    public void failAfter(int pass, Op op, String glob) {
        rules.add(new Rule(op, compile(glob), pass, new AtomicInteger(), null));
    }

    /** Fails every operation of kind {@code op} on a matching file until {@link #clearFaults()}. */
    public void fail(Op op, String glob) {
        failAfter(0, op, glob);
    }

    /** Holds the matching operation that follows the first {@code pass} ones until the pause is released. */
    public Pause pauseAfter(int pass, Op op, String glob) {
        Pause pause = new Pause();
        rules.add(new Rule(op, compile(glob), pass, new AtomicInteger(), pause));
        return pause;
    }

    /** Removes every fault and releases every pause. */
    public void clearFaults() {
        for (Rule r : rules) {
            if (r.pause() != null) {
                r.pause().release();
            }
        }
        rules.clear();
    }

    /** Creations, fsyncs, renames and deletions so far, in order, as "CREATE 000005.sst", "RENAME a -> b". */
    public List<String> events() {
        return new ArrayList<>(events);
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String nameOf(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    /** Fails or holds the operation if a rule says so. */
    private void check(Op op, Path... paths) throws IOException {
        for (Rule r : rules) {
            if (!r.matches(op, paths)) {
                continue;
            }
            int n = r.seen().incrementAndGet();
            if (n <= r.pass()) {
                continue;
            }
            if (r.pause() == null) {
                throw new IOException("Input/output error (injected " + op + " fault on " + nameOf(paths[0]) + ")");
            }
            if (n == r.pass() + 1) {
                r.pause().hold();
            }
        }
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        List<OpenOption> opts = Arrays.asList(options);
        boolean creates = opts.contains(StandardOpenOption.CREATE_NEW)
                || opts.contains(StandardOpenOption.CREATE) && !Files.exists(path);
        check(Op.OPEN, path);
        if (creates) {
            check(Op.CREATE, path);
        }
        FileChannel channel = new BudgetChannel(path, FileChannel.open(path, options));
        if (creates) {
            events.add("CREATE " + nameOf(path));
        }
        return channel;
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        check(Op.RENAME, source, target);
        ChannelFactory.super.rename(source, target);
        events.add("RENAME " + nameOf(source) + " -> " + nameOf(target));
    }

    @Override
    public void delete(Path path) throws IOException {
        check(Op.DELETE, path);
        ChannelFactory.super.delete(path);
        events.add("DELETE " + nameOf(path));
    }

    private final class BudgetChannel extends FileChannel {
        private final Path path;
        private final FileChannel delegate;

        BudgetChannel(Path path, FileChannel delegate) {
            this.path = path;
            this.delegate = delegate;
        }

        /** Lets through what the free space allows of {@code src}; throws once nothing more fits. */
        private int guarded(ByteBuffer src, long position) throws IOException {
            check(Op.WRITE, path);
            int wanted = src.remaining();
            long allowed = freeBytes.get();
            if (allowed >= wanted) {
                freeBytes.addAndGet(-wanted);
                return position < 0 ? delegate.write(src) : delegate.write(src, position);
            }
            if (allowed > 0) {
                ByteBuffer part = src.duplicate().limit(src.position() + (int) allowed);
                int n = position < 0 ? delegate.write(part) : delegate.write(part, position);
                freeBytes.addAndGet(-n);
                src.position(src.position() + n);
            }
            throw new IOException("No space left on device");
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return guarded(src, -1);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return guarded(src, position);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failTruncate.get()) {
                throw new IOException("Input/output error");
            }
            delegate.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check(Op.SYNC, path);
            delegate.force(metaData);
            events.add("SYNC " + nameOf(path));
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("not supported by the test channel");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("not supported by the test channel");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
