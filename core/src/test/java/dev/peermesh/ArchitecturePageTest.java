package dev.peermesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/architecture.md} names every package of the core's main sources, one table row each, and no package
 * that is gone: the room map cannot rot.
 */
class ArchitecturePageTest {

    private static final Path SOURCES = Path.of("src/main/java");

    private static final Path PAGE = Path.of("../docs/architecture.md");

    /** A row of the packages table: {@code | `dev.peermesh.x` | ...}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(dev\\.peermesh[a-z.]*)` \\|", Pattern.MULTILINE);

    @Test
    void namesEveryPackageOfTheCoreAndNoOther() throws IOException {
        Set<String> inSources = packagesInSources();
        assertThat(inSources).contains("dev.peermesh", "dev.peermesh.node");
        assertThat(packagesOnPage()).as("the packages table of docs/architecture.md")
                .containsExactlyInAnyOrderElementsOf(inSources);
    }

    private static Set<String> packagesInSources() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> SOURCES.relativize(file.getParent()).toString().replace('/', '.'))
                    .forEach(packages::add);
        }
        return packages;
    }

    private static Set<String> packagesOnPage() throws IOException {
        Set<String> packages = new TreeSet<>();
        Matcher row = ROW.matcher(Files.readString(PAGE));
        while (row.find()) {
            packages.add(row.group(1));
        }
        return packages;
    }
}
