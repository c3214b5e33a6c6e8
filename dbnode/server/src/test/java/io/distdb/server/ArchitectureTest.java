package io.distdb.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The node's layers point down. On top, the packages that speak a protocol: {@code api} (the client port's HTTP
 * resources and the JSON error format), {@code transport} (the management port: the admin API, the node-to-node
 * endpoints and the HTTP client that calls them), {@code pgwire} and {@code health}. Below them the domain, which
 * knows no HTTP: it throws the exceptions of {@code errors}, which carry an error code and no status, and reaches
 * other nodes through interfaces of its own ({@code ReplicaTransport}, {@code PaxosTransport}, ...) that the
 * transport implements.
 */
class ArchitectureTest {

    /** Every package below the protocol layers, named one by one so a new package has to choose its side. */
    static final String[] BELOW_THE_WEB = {
            "io.distdb.server.errors..",
            "io.distdb.server.config..",
            "io.distdb.server.tls..",
            "io.distdb.server.ring..",
            "io.distdb.server.store..",
            "io.distdb.server.items..",
            "io.distdb.server.kv..",
            "io.distdb.server.words..",
            "io.distdb.server.documents..",
            "io.distdb.server.cluster..",
            "io.distdb.server.replication..",
            "io.distdb.server.rebalance..",
            "io.distdb.server.metadata..",
            "io.distdb.server.sql..",
            "io.distdb.server.admin..",
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.distdb.server");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.distdb.server.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDomainSpeaksNoHttp() {
        noClasses().that().resideInAnyPackage(BELOW_THE_WEB)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.distdb.server.api..",
                        "io.distdb.server.transport..",
                        "io.vertx.ext.web..",
                        "io.vertx.core.http..",
                        "io.quarkus.vertx.http..",
                        "jakarta.ws.rs..",
                        "org.jboss.resteasy..",
                        "java.net.http..")
                .check(classes);
    }

    /**
     * Metrics read the domain's plain counters from {@code io.distdb.server.metrics}; the domain itself neither
     * knows Micrometer nor the package that binds it.
     */
    @Test
    void theDomainKnowsNoMetricsLibrary() {
        noClasses().that().resideInAnyPackage(BELOW_THE_WEB)
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.distdb.server.metrics..")
                .check(classes);
    }

    @Test
    void theClientApiAndTheManagementPortAreSeparate() {
        noClasses().that().resideInAPackage("io.distdb.server.api..")
                .should().dependOnClassesThat().resideInAPackage("io.distdb.server.transport..")
                .check(classes);
    }
}
