package io.distdb.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs on the shared single-node Kubernetes cluster. Its tests may
 * take {@link K3sCluster} or a Fabric8 {@code KubernetesClient} as parameters.
 *
 * <p>Without a Docker engine the tests are skipped on a developer's machine, but fail when
 * the environment variable {@code CI} is set: CI must never pass with them skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("e2e")
@ExtendWith(K3sExtension.class)
public @interface K3sTest {
}
