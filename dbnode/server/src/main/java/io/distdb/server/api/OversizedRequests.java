package io.distdb.server.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;

/**
 * Refuses a request over the port's limits with a JSON {@code too_large} before any route reads it: a URL over
 * {@code maxUrlBytes} (414), headers over {@code maxHeaderBytes} (431), a declared {@code Content-Length} over
 * {@code maxBodyBytes} (413, without reading the body). A body sent in chunks (or over HTTP/2 without a length) has no
 * length to check up front; it is read with a {@link BodyHandler} that stops at the limit, so no JSON is ever parsed
 * from an oversized body.
 *
 * <p>The HTTP decoder's own limits are set far above these, so that an oversized request reaches this handler and
 * gets DistDB's error rather than the decoder's empty answer.
 */
public final class OversizedRequests implements Handler<RoutingContext> {

    private final int maxUrlBytes;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final Handler<RoutingContext> chunkedBodies;

    /** @param maxBodyBytes the largest body; 0 to leave bodies to the routes */
    public OversizedRequests(int maxUrlBytes, int maxHeaderBytes, long maxBodyBytes) {
        this.maxUrlBytes = maxUrlBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.chunkedBodies = maxBodyBytes > 0 ? BodyHandler.create(false).setBodyLimit(maxBodyBytes) : null;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        int urlBytes = request.uri().length();
        if (urlBytes > maxUrlBytes) {
            RoutingErrors.send(rc, 414, StatusErrors.TOO_LARGE,
                    "the URL is " + urlBytes + " bytes; the limit is " + maxUrlBytes);
            return;
        }
        int headerBytes = headerBytes(request);
        if (headerBytes > maxHeaderBytes) {
            RoutingErrors.send(rc, 431, StatusErrors.TOO_LARGE,
                    "the request headers are " + headerBytes + " bytes; the limit is " + maxHeaderBytes);
            return;
        }
        if (chunkedBodies == null) {
            rc.next();
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            checkDeclaredLength(rc, declared);
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || mayStreamABody(request)) {
            chunkedBodies.handle(rc);
        } else {
            rc.next();
        }
    }

    private void checkDeclaredLength(RoutingContext rc, String declared) {
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            RoutingErrors.send(rc, 400, StatusErrors.BAD_REQUEST, "Content-Length must be a number, not '" + declared + "'");
            return;
        }
        if (length > maxBodyBytes) {
            RoutingErrors.send(rc, 413, StatusErrors.TOO_LARGE,
                    "the request body is " + length + " bytes; the limit is " + maxBodyBytes);
            return;
        }
        rc.next();
    }

    /** An HTTP/2 request need not declare its body's length: one that may have a body is read up to the limit too. */
    private static boolean mayStreamABody(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            return false;
        }
        HttpMethod method = request.method();
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE;
    }

    private static int headerBytes(HttpServerRequest request) {
        int bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length();
        }
        return bytes;
    }
}
