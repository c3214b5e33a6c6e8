package io.distdb.operator.packaging;

import io.distdb.operator.crd.DistDBCluster;
import io.fabric8.crdv2.generator.CRDGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the DistDBCluster CRD from the annotated classes with Fabric8's CRD generator.
 * {@code ./mvnw -pl operator test -Dtest=CrdInSyncTest -Ddistdb.crd.update=true} rewrites the committed copies.
 */
public final class CrdFiles {

    public static final String FILE_NAME = "distdbclusters.distdb.io-v1.yml";

    private CrdFiles() {
    }

    public static String generate(Path dir) throws IOException {
        new CRDGenerator()
                .customResourceClasses(DistDBCluster.class)
                .forCRDVersions("v1")
                .inOutputDir(dir.toFile())
                .generate();
        return Files.readString(dir.resolve(FILE_NAME));
    }
}
