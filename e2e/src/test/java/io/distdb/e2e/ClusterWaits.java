package io.distdb.e2e;

import io.distdb.operator.crd.DistDBCluster;
import io.distdb.operator.crd.DistDBClusterStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Waiting for what a user would see change: a condition, a DistDBCluster's status, the events recorded on it.
 * Each wait polls until its condition holds and fails with what it last saw, never sleeps a fixed time.
 */
public final class ClusterWaits {

    private static final Duration POLL = Duration.ofMillis(250);

    private ClusterWaits() {
    }

    /** Polls {@code condition} until it holds; after {@code within}, fails with {@code what}, worked out then. */
    public static void until(Supplier<String> what, Duration within, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static void until(String what, Duration within, Supplier<Boolean> condition) {
        until(() -> what, within, condition);
    }

    /** Waits until the cluster's status satisfies {@code condition}; returns the cluster as it then was. */
    public static DistDBCluster status(KubernetesClient client, String namespace, String name, String what,
                                       Duration within, Predicate<DistDBClusterStatus> condition) {
        DistDBCluster[] last = new DistDBCluster[1];
        until(() -> what + " (status: " + (last[0] == null || last[0].getStatus() == null ? "none"
                : Serialization.asJson(last[0].getStatus())) + ")", within, () -> {
            last[0] = client.resources(DistDBCluster.class).inNamespace(namespace).withName(name).get();
            return last[0] != null && last[0].getStatus() != null && condition.test(last[0].getStatus());
        });
        return last[0];
    }

    /**
     * Waits until the events on the cluster include {@code reasons}. The operator records a pass's events after it
     * has written the pass's status, so a test that has seen the status waits for the events too.
     */
    public static void events(KubernetesClient client, String namespace, String name, Set<String> reasons,
                              Duration within) {
        until(() -> "events " + reasons + " on " + name + "; recorded: " + eventReasons(client, namespace, name),
                within, () -> eventReasons(client, namespace, name).containsAll(reasons));
    }

    /** The reasons of the events recorded on a DistDBCluster. */
    public static Set<String> eventReasons(KubernetesClient client, String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())
                        && "DistDBCluster".equals(e.getInvolvedObject().getKind()))
                .map(Event::getReason)
                .collect(Collectors.toSet());
    }
}
