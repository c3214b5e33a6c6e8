package io.distdb.server.replication.paxos;

import io.distdb.server.replication.Versioned;
import io.distdb.server.replication.Wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes of Paxos messages between replicas (sealed with a checksum like every replica body) and of a
 * replica's stored {@link AcceptorState}. Optional parts are a presence byte followed by the part.
 */
public final class PaxosCodec {

    private static final byte STATE_FORMAT = 1;

    private PaxosCodec() {
    }

    /** A prepare, propose or commit request: the key, then a ballot (prepare) or a proposal. */
    public record Request(byte[] key, Ballot ballot, Proposal proposal) {
    }

    public static byte[] prepare(byte[] key, Ballot ballot) {
        return sealed(out -> {
            bytes(out, key);
            ballot(out, ballot);
        });
    }

    public static Request decodePrepare(byte[] body) {
        return read(body, in -> new Request(bytes(in), ballot(in), null));
    }

    public static byte[] proposal(byte[] key, Proposal proposal) {
        return sealed(out -> {
            bytes(out, key);
            proposal(out, proposal);
        });
    }

    public static Request decodeProposal(byte[] body) {
        return read(body, in -> {
            byte[] key = bytes(in);
            Proposal p = proposal(in);
            return new Request(key, p.ballot(), p);
        });
    }

    public static byte[] promise(Promise promise) {
        return sealed(out -> {
            out.writeBoolean(promise.granted());
            optionalBallot(out, promise.promised());
            out.writeBoolean(promise.inProgress() != null);
            if (promise.inProgress() != null) {
                proposal(out, promise.inProgress());
            }
            optionalBallot(out, promise.committed());
            out.writeBoolean(promise.current() != null);
            if (promise.current() != null) {
                bytes(out, promise.current().encode());
            }
        });
    }

    public static Promise decodePromise(byte[] body) {
        return read(body, in -> {
            boolean granted = in.readBoolean();
            Ballot promised = optionalBallot(in);
            Proposal inProgress = in.readBoolean() ? proposal(in) : null;
            Ballot committed = optionalBallot(in);
            Versioned current = in.readBoolean() ? Versioned.decode(bytes(in)) : null;
            return new Promise(granted, promised, inProgress, committed, current);
        });
    }

    public static byte[] flag(boolean value) {
        return sealed(out -> out.writeBoolean(value));
    }

    public static boolean decodeFlag(byte[] body) {
        return read(body, DataInputStream::readBoolean);
    }

    /** A replica's stored state (not sealed: the store has its own checksums). */
    public static byte[] state(AcceptorState state) {
        return bytesOf(out -> {
            out.writeByte(STATE_FORMAT);
            optionalBallot(out, state.promised());
            out.writeBoolean(state.accepted() != null);
            if (state.accepted() != null) {
                proposal(out, state.accepted());
            }
            optionalBallot(out, state.committed());
        });
    }

    public static AcceptorState decodeState(byte[] stored) {
        return parse(stored, in -> {
            if (in.readByte() != STATE_FORMAT) {
                throw new IOException("unknown Paxos state format");
            }
            Ballot promised = optionalBallot(in);
            Proposal accepted = in.readBoolean() ? proposal(in) : null;
            return new AcceptorState(promised, accepted, optionalBallot(in));
        });
    }

    // ---- parts

    private static void ballot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.timestamp());
        out.writeUTF(ballot.node());
    }

    private static Ballot ballot(DataInputStream in) throws IOException {
        return new Ballot(in.readLong(), in.readUTF());
    }

    private static void optionalBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeBoolean(ballot != null);
        if (ballot != null) {
            ballot(out, ballot);
        }
    }

    private static Ballot optionalBallot(DataInputStream in) throws IOException {
        return in.readBoolean() ? ballot(in) : null;
    }

    private static void proposal(DataOutputStream out, Proposal proposal) throws IOException {
        ballot(out, proposal.ballot());
        bytes(out, proposal.update().encode());
    }

    private static Proposal proposal(DataInputStream in) throws IOException {
        Ballot ballot = ballot(in);
        return new Proposal(ballot, Versioned.decode(bytes(in)));
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " exceeds the body");
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }

    // ---- framing

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] bytesOf(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] sealed(Writer writer) {
        return Wire.seal(bytesOf(writer));
    }

    private static <T> T read(byte[] body, Reader<T> reader) {
        return parse(Wire.unseal(body), reader);
    }

    private static <T> T parse(byte[] content, Reader<T> reader) {
        try {
            return reader.read(new DataInputStream(new ByteArrayInputStream(content)));
        } catch (IOException | IllegalStateException e) {
            throw new Wire.CorruptBatchException("malformed Paxos message: " + e.getMessage());
        }
    }
}
