package dev.peermesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the seed corpus of a fuzz test where Jazzer looks for it in regression mode:
 * {@code src/test/resources/<package>/<TestClass>Inputs/<method>/<name>} of the test class's module. The fuzz test
 * classes' {@code main} methods call it; run one with
 * {@code ./mvnw -q -pl core test-compile exec:java -Dexec.mainClass=dev.peermesh.wire.WireFuzzTest}.
 *
 * <p>{@code FuzzSeeds.write(WireFuzzTest.class, "decoderTurnsAnyByteStream…", "ping", bytes);}
 */
public final class FuzzSeeds {

    private FuzzSeeds() {
    }

    /** Writes one seed, replacing a file of the same name. */
    public static void write(Class<?> testClass, String method, String name, byte[] seed) {
        Path file = inputs(testClass).resolve(method).resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, seed);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write seed " + file, ex);
        }
        System.out.println(seed.length + " bytes\t" + file);
    }

    /** The test class's inputs directory in the module's sources, found from where its class file was compiled to. */
    private static Path inputs(Class<?> testClass) {
        try {
            // target/test-classes → the module directory
            Path module = Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().getParent();
            return module.resolve("src/test/resources").resolve(testClass.getPackageName().replace('.', '/'))
                    .resolve(testClass.getSimpleName() + "Inputs");
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("cannot locate the sources of " + testClass, ex);
        }
    }
}
