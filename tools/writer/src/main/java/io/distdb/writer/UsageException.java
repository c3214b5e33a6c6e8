package io.distdb.writer;

/** The command line (or a file it names) cannot be used as given; the tool exits 2 with the message. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
