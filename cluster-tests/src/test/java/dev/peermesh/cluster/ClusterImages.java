package dev.peermesh.cluster;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The images the cluster tests run, built once per test run from the modules' own Dockerfiles and the jars in their
 * {@code target/} folders, on the base image named by the system property {@code peermesh.base-image}.
 *
 * <p>{@code new GenericContainer<>(ClusterImages.sampleApp())}
 */
final class ClusterImages {

    /** No image is ever pulled: there may be no registry, and a pull fails in milliseconds instead of minutes. */
    static final ImagePullPolicy NEVER_PULL = imageName -> false;

    private static final String DEFAULT_BASE_IMAGE = "peermesh/jre:17";

    private static Future<String> sampleApp;

    private static Future<String> resolverServer;

    private ClusterImages() {
    }

    /** The sample chat node's image ({@code sample-app/Dockerfile}). */
    static synchronized Future<String> sampleApp() {
        if (sampleApp == null) {
            sampleApp = build("sample-app", "peermesh-sample-app-");
        }
        return sampleApp;
    }

    /** The resolver server's image ({@code resolver-server/Dockerfile}). */
    static synchronized Future<String> resolverServer() {
        if (resolverServer == null) {
            resolverServer = build("resolver-server", "peermesh-resolver-server-");
        }
        return resolverServer;
    }

    /** The base image the Dockerfiles are built on: {@code -Dpeermesh.base-image}, else the local jlinked one. */
    static String baseImage() {
        String configured = System.getProperty("peermesh.base-image", "");
        return configured.isBlank() ? DEFAULT_BASE_IMAGE : configured.trim();
    }

    /** The repository's root folder, where {@code docker-compose.yml} and the modules are. */
    static Path projectDir() {
        String configured = System.getProperty("peermesh.project-dir", "");
        Path dir = configured.isBlank() ? Path.of("..") : Path.of(configured);
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            // Run from an IDE with cluster-tests as the working directory.
            dir = Path.of("..").toAbsolutePath().normalize();
        }
        return dir;
    }

    /**
     * Fails, with what to do, unless a Docker engine answers and the base image is there (these tests never pull).
     */
    static void requireDockerAndBaseImage() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail("The cluster tests need a Docker engine, and none answers (DOCKER_HOST or /var/run/docker.sock). "
                    + "Install and start one (apt-get install -y docker.io docker-compose; dockerd &), as ./test.sh "
                    + "does; see docs/docker.md.");
        }
        String base = baseImage();
        try {
            DockerClientFactory.instance().client().inspectImageCmd(base).exec();
        }
        catch (RuntimeException ex) {
            fail("The cluster tests build their images on '" + base + "', which is not in the local Docker engine "
                    + "(" + ex.getMessage() + "). Build it with docker/build-base-image.sh, or pull a public JRE "
                    + "image and pass -Dpeermesh.base-image=eclipse-temurin:17-jre; see docs/docker.md.");
        }
    }

    private static Future<String> build(String module, String jarPrefix) {
        Path moduleDir = projectDir().resolve(module);
        Path jar = repackagedJar(moduleDir.resolve("target"), jarPrefix);
        // A fixed name, kept after the run: the next run reuses its layers and builds in a second.
        return new ImageFromDockerfile("peermesh/" + module + ":cluster-test", false)
                .withFileFromPath("Dockerfile", moduleDir.resolve("Dockerfile"))
                .withFileFromPath("target/" + jar.getFileName(), jar)
                .withBuildArg("BASE_IMAGE", baseImage());
    }

    private static Path repackagedJar(Path target, String prefix) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, prefix + "*.jar")) {
                found.forEach(jars::add);
            }
            catch (IOException ex) {
                throw new IllegalStateException("Cannot list " + target + ": " + ex.getMessage(), ex);
            }
        }
        if (jars.size() != 1) {
            fail("Expected one " + prefix + "*.jar in " + target + ", found " + jars
                    + ": run ./mvnw package first (./mvnw verify builds the jars before these tests), or "
                    + "./mvnw -q -pl sample-app,resolver-server -am package -DskipTests");
        }
        return jars.get(0);
    }
}
