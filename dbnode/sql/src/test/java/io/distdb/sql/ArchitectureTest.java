package io.distdb.sql;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's packages point down (docs/sql.md, "The engine"): no cycles among them, the stages never reach
 * back to the entry points in {@code io.distdb.sql} itself, and nothing in the module knows Quarkus, CDI, JAX-RS
 * or Vert.x.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.distdb.sql");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.distdb.sql.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** {@code SqlEngine} and {@code Session} sit on top: a slice rule leaves out the root package, this covers it. */
    @Test
    void theStagesDoNotDependOnTheEntryPoints() {
        noClasses().that().resideInAPackage("io.distdb.sql.*..")
                .should().dependOnClassesThat().resideInAPackage("io.distdb.sql")
                .check(classes);
    }

    @Test
    void theEngineKnowsNoFrameworkAndNoTransport() {
        noClasses().that().resideInAPackage("io.distdb.sql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.vertx..")
                .check(classes);
    }
}
