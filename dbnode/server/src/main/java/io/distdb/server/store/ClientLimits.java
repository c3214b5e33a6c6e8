package io.distdb.server.store;

import io.distdb.server.config.NodeConfig;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.errors.TooLargeException;
import jakarta.inject.Singleton;

/** Checks client-supplied keys and values against the configured limits before anything is written. */
@Singleton
public class ClientLimits {

    private final int maxKeyBytes;
    private final int maxValueBytes;

    public ClientLimits(NodeConfig config) {
        this.maxKeyBytes = config.limits().maxKeyBytes();
        this.maxValueBytes = config.limits().maxValueBytes();
    }

    /** @param what how the client calls this key, for the message ("partition key", "word", ...) */
    public void checkKey(String what, byte[] key) {
        if (key.length == 0) {
            throw new InvalidRequestException(what + " must not be empty");
        }
        if (key.length > maxKeyBytes) {
            throw new TooLargeException(what + " is " + key.length + " bytes; the limit is " + maxKeyBytes);
        }
    }

    public void checkValue(String what, byte[] value) {
        if (value.length > maxValueBytes) {
            throw new TooLargeException(what + " is " + value.length + " bytes; the limit is " + maxValueBytes);
        }
    }

    public int maxKeyBytes() {
        return maxKeyBytes;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }
}
