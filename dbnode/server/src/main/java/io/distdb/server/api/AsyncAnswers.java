package io.distdb.server.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Turns a domain future into what a resource method returns on the event loop. The REST layer maps a failed
 * stage's exception through {@link ErrorMappers}, so the stage fails with the domain's own exception, never a
 * {@link CompletionException} around it. Plain futures rather than Mutiny: creating a {@code Uni} captures
 * the request's context, which cost a point read a few percent of its time.
 */
final class AsyncAnswers {

    private AsyncAnswers() {
    }

    /** The value of {@code source}, or a failure with {@code ifAbsent}'s exception when the value is {@code null}. */
    static <T> CompletionStage<T> present(CompletableFuture<T> source, Supplier<? extends RuntimeException> ifAbsent) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            if (error != null) {
                answer.completeExceptionally(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else if (value == null) {
                answer.completeExceptionally(ifAbsent.get());
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }
}
