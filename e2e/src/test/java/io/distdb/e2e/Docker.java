package io.distdb.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.testcontainers.DockerClientFactory;

/** The few Docker operations the harness needs, through Testcontainers' Docker client. */
final class Docker {

    private Docker() {
    }

    /** Whether a Docker engine answers (without pulling or starting anything). */
    static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static DockerClient client() {
        return DockerClientFactory.lazyClient();
    }

    static boolean imageExists(String image) {
        try {
            client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Writes {@code docker save IMAGE} to a file. */
    static void save(String image, Path target) throws IOException {
        try (InputStream in = client().saveImageCmd(image).exec()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code docker load -i TARBALL}. */
    static void load(Path tarball) throws IOException {
        try (InputStream in = Files.newInputStream(tarball)) {
            client().loadImageCmd(in).exec();
        }
    }
}
