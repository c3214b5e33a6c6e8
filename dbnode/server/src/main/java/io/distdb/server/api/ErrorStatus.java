package io.distdb.server.api;

import io.distdb.server.errors.CapacityExceededException;
import io.distdb.server.errors.ConflictException;
import io.distdb.server.errors.DistDbException;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.errors.NotFoundException;
import io.distdb.server.errors.TooLargeException;
import io.distdb.server.errors.UnavailableException;

import java.util.Map;

/**
 * The one table from the domain's refusals to HTTP status codes, for the client port ({@link ErrorMappers}) and the
 * management port alike. A subclass takes the status of the nearest kind it extends; the body keeps the exception's
 * own error code.
 *
 * <pre>
 * InvalidRequestException   400   bad_request, malformed_json, invalid_topology
 * NotFoundException         404   not_found
 * ConflictException         409   stale_epoch, no_topology, contention
 * TooLargeException         413   too_large
 * CapacityExceededException 507   insufficient_storage
 * UnavailableException      503   unavailable
 * </pre>
 */
public final class ErrorStatus {

    private static final Map<Class<? extends DistDbException>, Integer> STATUS = Map.of(
            InvalidRequestException.class, 400,
            NotFoundException.class, 404,
            ConflictException.class, 409,
            TooLargeException.class, 413,
            CapacityExceededException.class, 507,
            UnavailableException.class, 503);

    private ErrorStatus() {
    }

    public static int of(DistDbException e) {
        for (Class<?> kind = e.getClass(); kind != DistDbException.class; kind = kind.getSuperclass()) {
            Integer status = STATUS.get(kind);
            if (status != null) {
                return status;
            }
        }
        return 500;
    }

    /** The JSON body of the refusal: its error code and message. */
    public static ApiError body(DistDbException e) {
        return new ApiError(e.error(), e.getMessage());
    }
}
