package io.distdb.admin.api;

/** The JSON body of an admin API error: a stable code and a message. */
public record AdminError(String error, String message) {
}
