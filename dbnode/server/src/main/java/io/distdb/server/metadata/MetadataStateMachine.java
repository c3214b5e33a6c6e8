package io.distdb.server.metadata;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metadata group's replicated state machine: applies committed {@link MetadataCommand}s to a
 * {@link MetadataState}, answers reads from it, and writes it to a snapshot file when Ratis asks, so the
 * log can be purged and a node that was away for long catches up from the snapshot.
 */
public final class MetadataStateMachine extends BaseStateMachine {

    private static final Logger LOG = Logger.getLogger(MetadataStateMachine.class);

    /** What a reader gets: one consistent copy, with the log index it reflects. */
    public record View(long appliedIndex, long version, Map<String, byte[]> entries) {
    }

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final MetadataState state = new MetadataState();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object applied = new Object();

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader, then reinitializes it. */
    @Override
    public void pause() {
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
            lifeCycle.transition(LifeCycle.State.PAUSING);
            lifeCycle.transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        LifeCycle lifeCycle = getLifeCycle();
        if (lifeCycle.getCurrentState() == LifeCycle.State.PAUSED) {
            lifeCycle.transition(LifeCycle.State.STARTING);
            lifeCycle.transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        synchronized (state) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.toPath())))) {
                state.readFrom(in);
            }
            updateLastAppliedTermIndex(snapshot.getTermIndex());
        }
        LOG.infof("metadata loaded from snapshot %s (catalog version %d)", snapshot.getTermIndex(), state.version());
        changed();
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        byte[] bytes;
        synchronized (state) {
            last = getLastAppliedTermIndex();
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                state.writeTo(out);
            }
            bytes = buffer.toByteArray();
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File temporary = new File(file.getPath() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary.toPath())))) {
            out.write(bytes);
        }
        // The snapshot appears under its name only once it is whole.
        Files.move(temporary.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
        storage.loadLatestSnapshot();
        LOG.debugf("metadata snapshot at %s", last);
        return last.getIndex();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        MetadataCommand command = MetadataCommand.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
        long answer;
        synchronized (state) {
            answer = state.apply(command);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        if (command instanceof MetadataCommand.Commit && answer >= 0) {
            changed();
        }
        wakeWaiters();
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(longBytes(answer))));
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // Entries that are not ours (configuration changes, the leader's first entry) move the applied index too.
        super.notifyTermIndexUpdated(term, index);
        wakeWaiters();
    }

    /** Read-only queries answer the catalog version: how a node learns what it must have applied. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(longBytes(view().appliedIndex()))));
    }

    public View view() {
        synchronized (state) {
            TermIndex last = getLastAppliedTermIndex();
            return new View(last == null ? -1 : last.getIndex(), state.version(), state.entries());
        }
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Waits until this replica applied the log up to {@code index}; false if it did not within {@code millis}. */
    public boolean awaitApplied(long index, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (applied) {
            while (appliedIndex() < index) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                applied.wait(Math.min(left, 50));
            }
            return true;
        }
    }

    public long appliedIndex() {
        TermIndex last = getLastAppliedTermIndex();
        return last == null ? -1 : last.getIndex();
    }

    private void wakeWaiters() {
        synchronized (applied) {
            applied.notifyAll();
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "a metadata listener failed");
            }
        }
    }

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static long readLong(ByteString bytes) {
        return ByteBuffer.wrap(bytes.toByteArray()).getLong();
    }
}
