package io.distdb.sql.types;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What scalar functions may read besides their arguments: the statement's start time (now(),
 * current_timestamp and current_date are constant within a statement, as in PostgreSQL where they are the
 * transaction's start) and the random generator of random().
 */
public record FunctionContext(Instant statementStart, RandomGenerator random) {

    public static FunctionContext of(Instant statementStart) {
        return new FunctionContext(statementStart, new SplittableRandom());
    }
}
