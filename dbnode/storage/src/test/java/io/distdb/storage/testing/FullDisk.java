package io.distdb.storage.testing;

import io.distdb.storage.ChannelFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens channels that behave like a disk with a given amount of free space: a write past it stores what
 * fits and then fails with "No space left on device". Truncation can be made to fail as well. The cut is
 * at the file-channel boundary, the only place a unit test can make a real disk fill up on demand.
 */
public final class FullDisk implements ChannelFactory {

    private final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);
    private final AtomicBoolean failTruncate = new AtomicBoolean();

    public void setFreeBytes(long bytes) {
        freeBytes.set(bytes);
    }

    public void unlimited() {
        freeBytes.set(Long.MAX_VALUE);
    }

    public void failTruncate(boolean fail) {
        failTruncate.set(fail);
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new BudgetChannel(FileChannel.open(path, options));
    }

    private final class BudgetChannel extends FileChannel {
        private final FileChannel delegate;

        BudgetChannel(FileChannel delegate) {
            this.delegate = delegate;
        }

        /** Lets through what the free space allows of {@code src}; throws once nothing more fits. */
        private int guarded(ByteBuffer src, long position) throws IOException {
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
            delegate.force(metaData);
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
