package dev.peermesh.sim;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link Experiments} prints does not depend on how it was run: meshes built ahead on a second thread, the
 * tables say which code made them, and the message cache is sized as the header says.
 */
class ExperimentsTest {

    @Test
    void meshesBuiltAheadAndLevelsOnASideThreadGiveTheTablesOfMeshesBuiltAndRunInTurn() {
        String ahead = tables("yes", "yes");

        assertThat(ahead).contains("## Stable mesh", "## Mass failure", "## Churn", "| 30 %", "| 50 %", "| 90 %")
                .isEqualTo(tables("no", "no"));
    }

    @Test
    void theCodeLineNamesTheCommitAndWhetherTheTreeWasDirty() {
        String code = CodeVersion.describe();
        Assumptions.assumeFalse(code.startsWith("commit unknown"), "needs a git checkout: " + code);

        assertThat(code)
                .matches("commit [0-9a-f]{7,40} \\((clean tree|dirty tree: \\d+ paths? changed or untracked)\\)");
    }

    @Test
    void theZeroCostExperimentsCacheMessagesForTheSecondsAskedAndACostModelKeepsTheProductionMinute() {
        ExperimentOptions paper = ExperimentOptions.parse("--message-cache", "15");
        ExperimentOptions loaded = ExperimentOptions.parse("--message-cache", "15", "--bandwidth", "1250");

        assertThat(ExperimentOptions.parse().config().settings.messageCache().maxAge()).hasSeconds(20);
        assertThat(paper.config().settings.messageCache().maxAge()).hasSeconds(15);
        assertThat(paper.describe()).contains("messages cached 15 s");
        assertThat(loaded.config().settings.messageCache().maxAge())
                .isEqualTo(SimConfig.settings().build().messageCache().maxAge()).isEqualTo(Duration.ofSeconds(60));
    }

    private static String tables(String buildAhead, String sideThread) {
        ExperimentOptions options = ExperimentOptions.parse("--nodes", "60", "--mode", "tree", "--broadcasts", "20",
                "--failures", "30,50,90", "--churn-rounds", "3", "--churn-per-round", "5", "--build-ahead", buildAhead,
                "--side-thread", sideThread);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Experiments.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
