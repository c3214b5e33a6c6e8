package io.distdb.server.api;

/**
 * The error code of a refusal that has only an HTTP status, because the HTTP layer refused the request before any
 * DistDB code saw it: no such route, a method the route does not take, a body or URL over the limits. Refusals of
 * the domain carry their own code ({@link ErrorStatus}).
 */
public final class StatusErrors {

    public static final String BAD_REQUEST = "bad_request";
    public static final String TOO_LARGE = "too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String INTERNAL_ERROR = "internal_error";

    private StatusErrors() {
    }

    public static String code(int status) {
        switch (status) {
            case 404:
                return "not_found";
            case 405:
                return "method_not_allowed";
            case 406:
                return "not_acceptable";
            case 413:
            case 414:
            case 431:
                return TOO_LARGE;
            case 415:
                return UNSUPPORTED_MEDIA_TYPE;
            default:
                return status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        }
    }
}
