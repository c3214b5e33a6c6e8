package io.distdb.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** What the cluster's Degraded condition says about a node pod that does not run, from the kubelet's report. */
class PodProblemTest {

    @Test
    void aCrashLoopingNodeIsReportedWithItsLastExit() {
        Pod pod = new PodBuilder().withNewMetadata().withName("demo-2").endMetadata().withNewStatus()
                .addNewContainerStatus().withName("node")
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
                .endContainerStatus().endStatus().build();
        assertEquals("CrashLoopBackOff, last exit 1 (Error)", ClusterObserver.problem(pod));
    }

    @Test
    void anImageThatCannotBePulledIsReported() {
        Pod pod = new PodBuilder().withNewMetadata().withName("demo-2").endMetadata().withNewStatus()
                .addNewContainerStatus().withName("node")
                .withNewState().withNewWaiting().withReason("ErrImageNeverPull").endWaiting().endState()
                .endContainerStatus().endStatus().build();
        assertEquals("ErrImageNeverPull", ClusterObserver.problem(pod));
    }

    @Test
    void aRunningOrStartingNodeHasNoProblem() {
        Pod running = new PodBuilder().withNewStatus().addNewContainerStatus().withName("node")
                .withNewState().withNewRunning().endRunning().endState().endContainerStatus().endStatus().build();
        Pod creating = new PodBuilder().withNewStatus().addNewContainerStatus().withName("node")
                .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                .endContainerStatus().endStatus().build();
        assertNull(ClusterObserver.problem(running));
        assertNull(ClusterObserver.problem(creating));
        assertNull(ClusterObserver.problem(new PodBuilder().build()));
    }
}
