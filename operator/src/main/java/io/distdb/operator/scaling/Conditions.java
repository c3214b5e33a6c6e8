package io.distdb.operator.scaling;

import io.distdb.operator.crd.Condition;
import io.distdb.operator.crd.DistDBClusterStatus;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Sets conditions on a status, moving lastTransitionTime only when a condition's status flips. */
public final class Conditions {

    private final Clock clock;

    public Conditions(Clock clock) {
        this.clock = clock;
    }

    /** @return true when the condition's status changed (or it is new) */
    public boolean set(DistDBClusterStatus status, String type, boolean value, String reason, String message) {
        String newStatus = value ? Condition.TRUE : Condition.FALSE;
        Condition existing = status.condition(type).orElse(null);
        if (existing == null) {
            status.getConditions().add(new Condition(type, newStatus, reason, message, now()));
            return true;
        }
        boolean flipped = !newStatus.equals(existing.getStatus());
        if (flipped) {
            existing.setLastTransitionTime(now());
        }
        existing.setStatus(newStatus);
        existing.setReason(reason);
        existing.setMessage(message);
        return flipped;
    }

    public static boolean isTrue(DistDBClusterStatus status, String type) {
        return status.condition(type).map(Condition::isTrue).orElse(false);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
