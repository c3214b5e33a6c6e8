package io.distdb.storage;

/** Stored bytes failed their checksum or do not parse: the data is damaged and is never returned. */
public class CorruptionException extends StorageException {

    public CorruptionException(String message) {
        super(message);
    }
}
