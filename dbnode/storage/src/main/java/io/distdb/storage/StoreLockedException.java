package io.distdb.storage;

/** Another store, in this process or another one, already has the directory open. */
public class StoreLockedException extends StorageException {

    public StoreLockedException(String message) {
        super(message);
    }
}
