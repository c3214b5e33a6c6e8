package io.distdb.storage;

/** A store could not do what was asked because of an I/O failure or a broken invariant. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
