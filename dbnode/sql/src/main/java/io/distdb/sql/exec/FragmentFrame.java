package io.distdb.sql.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frame of a plan fragment on the wire: four magic bytes naming its kind, a version byte, then its body.
 * A replica refuses a frame of another kind or version with a message naming both versions, so a rolling
 * upgrade with mixed versions fails clearly instead of misreading a fragment.
 */
final class FragmentFrame {

    private final byte[] magic;
    private final int version;
    private final String kind;

    /** @param kind what the fragment is, for messages: "scan" or "aggregate" */
    FragmentFrame(String magic, int version, String kind) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.version = version;
        this.kind = kind;
    }

    byte[] wrap(byte[] body) {
        byte[] out = Arrays.copyOf(magic, magic.length + 1 + body.length);
        out[magic.length] = (byte) version;
        System.arraycopy(body, 0, out, magic.length + 1, body.length);
        return out;
    }

    /** The body of {@code frame}; {@link IllegalArgumentException} for another kind or version. */
    byte[] unwrap(byte[] frame) {
        if (frame.length < magic.length + 1 || !Arrays.equals(Arrays.copyOf(frame, magic.length), magic)) {
            throw new IllegalArgumentException("not a SQL " + kind + " fragment (a coordinator of an older version?); "
                    + "this node reads " + kind + " fragment version " + version);
        }
        int sent = frame[magic.length] & 0xFF;
        if (sent != version) {
            throw new IllegalArgumentException("SQL " + kind + " fragment version " + sent + " is not understood by this node, "
                    + "which reads version " + version + "; finish the rolling upgrade");
        }
        return Arrays.copyOfRange(frame, magic.length + 1, frame.length);
    }
}
