package io.distdb.server.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that takes a JSON body without a {@code Content-Type} too, because a client the API promises to
 * serve sends none; {@link JsonContentType} then lets such a request through. A wrong type is still refused.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ContentTypeOptional {
}
