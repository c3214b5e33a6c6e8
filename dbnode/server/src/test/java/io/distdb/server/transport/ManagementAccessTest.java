package io.distdb.server.transport;

import io.distdb.server.transport.ManagementAccess.Credential;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The metrics token reads the metrics and nothing else; the rest of /q/* on the admin port is the admin's. */
class ManagementAccessTest {

    @Test
    void theMetricsTokenOpensOnlyReadingTheMetrics() {
        assertEquals(EnumSet.of(Credential.ADMIN_TOKEN, Credential.METRICS_TOKEN), ManagementAccess.allowed("GET", "/q/metrics"));
        assertEquals(EnumSet.of(Credential.ADMIN_TOKEN), ManagementAccess.allowed("POST", "/q/metrics"));
        assertEquals(EnumSet.of(Credential.ADMIN_TOKEN), ManagementAccess.allowed("GET", "/q/metricsx"));
        assertEquals(EnumSet.of(Credential.ADMIN_TOKEN), ManagementAccess.allowed("GET", "/q/info"));
        assertEquals(EnumSet.of(Credential.ADMIN_TOKEN), ManagementAccess.allowed("GET", "/admin/v1/data"));
        assertEquals(EnumSet.of(Credential.PEER), ManagementAccess.allowed("POST", "/internal/v1/replica/apply"));
    }
}
