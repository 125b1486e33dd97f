package dev.peermesh.soak;

import dev.peermesh.DisseminationMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 21's churn soak in both modes, with crashes and with graceful leaves ({@link SoakPlan} for the shape; the
 * module's pom sets it, {@code -Dsoak.seconds=600} makes the longer run). Asserted: every node live throughout
 * delivers every message once and reports none lost, every gap at a node that departed or joined is reported lost,
 * no node delivers a message twice. Printed, and appended to {@code target/soak-figures.md}: publish→delivery
 * latency at the nodes live throughout and at all nodes, and the share later than 200 ms (timings are figures, not
 * assertions; docs/reliability.md shows them). {@code -Dsoak.only="TREE CRASH"} runs one of the four.
 */
class ChurnSoakTest {

    /** How long the last messages may take to reach everyone after the publishers stopped. */
    private static final Duration DRAIN = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"TREE, CRASH", "FLOOD, CRASH", "TREE, LEAVE", "FLOOD, LEAVE"})
    void nodesLiveThroughoutLoseNothingAndEveryOtherGapIsReported(DisseminationMode mode, Departure departure)
            throws InterruptedException, IOException {
        String only = System.getProperty("soak.only", "");
        assumeTrue(only.isBlank() || only.equalsIgnoreCase(mode + " " + departure), () -> "-Dsoak.only=" + only);
        SoakPlan plan = SoakPlan.fromSystemProperties();
        try (ChurnSoak soak = new ChurnSoak(plan, mode, departure)) {
            soak.form();
            soak.churn();
            for (int p = 0; p < plan.publishers(); p++) {
                assertThat(soak.published(p)).as("messages publisher %d published", p).isEqualTo(plan.perPublisher());
            }
            try {
                await().atMost(DRAIN).pollInterval(Duration.ofMillis(500)).until(soak::complete);
            }
            catch (ConditionTimeoutException ex) {
                // the assertions below say what is missing
            }
            SoakAccount account = soak.account();
            report(plan, mode, departure, soak.departures(), account);
            assertThat(account.stableMissing()).as(account.describe()).isZero();
            assertThat(account.stableReportedLost()).as(account.describe()).isZero();
            assertThat(account.unaccounted()).as(account.describe()).isZero();
            assertThat(account.contradictions()).as(account.describe()).isZero();
            assertThat(soak.departures()).as("departures during the soak").isGreaterThanOrEqualTo(
                    (int) (plan.length().toMillis() / plan.departEvery().toMillis()) - 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(soak.account().duplicates()).as(soak.account().describe())
                            .isZero());
        }
    }

    private static void report(SoakPlan plan, DisseminationMode mode, Departure departure, int departures,
            SoakAccount account) throws IOException {
        String row = String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f / %.1f / %.1f / %.1f | %.2f %% | "
                + "%.1f / %.1f | %d / %d | %d | %d | %s | %.0f |", mode.name().toLowerCase(Locale.ROOT),
                departure.name().toLowerCase(Locale.ROOT), departures, account.published(), account.stableMillis(0.5),
                account.stableMillis(0.99), account.stableMillis(0.999), account.stableMillis(1.0),
                account.stableLaterThan(200), account.allMillis(0.5), account.allMillis(0.99),
                account.stableMissing(), account.duplicates(), account.unaccounted(),
                account.reportedLost().values().stream().mapToInt(Integer::intValue).sum(), account.reportedLost(),
                account.warmupMax() / 1e6);
        System.out.printf("churn soak: %s%n| mode | departure | departures | published | live throughout: p50 / p99 / "
                + "p999 / max ms | > 200 ms | all nodes: p50 / p99 ms | lost / dup | unaccounted | reported lost "
                + "| reasons | warm-up max ms |%n%s%n", plan, row);
        String file = System.getProperty("soak.figures");
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "<!-- " + plan + " -->\n" + row + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
