package io.distdb.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/** Starts (once per JVM) the shared cluster for {@link K3sTest} classes and injects it. */
public class K3sExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver, TestWatcher {

    static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Docker.available()) {
            return ConditionEvaluationResult.enabled("a Docker engine is available");
        }
        if (onCi()) {
            // Run, and fail in beforeAll: a required test must not be skipped on CI.
            return ConditionEvaluationResult.enabled("CI is set: Kubernetes tests are required");
        }
        return ConditionEvaluationResult.disabled("no Docker engine: Kubernetes tests skipped (they are required when CI is set)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Docker.available()) {
            throw new IllegalStateException("CI is set but no Docker engine answers: the Kubernetes tests cannot run");
        }
        K3sCluster.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == K3sCluster.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        K3sCluster cluster = K3sCluster.shared();
        return parameter.getParameter().getType() == K3sCluster.class ? cluster : cluster.client();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        K3sCluster cluster = K3sCluster.current();
        if (cluster != null) {
            System.err.println("Test " + context.getDisplayName() + " failed; " + cluster.diagnostics());
        }
    }
}
