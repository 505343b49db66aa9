package dev.flotilla.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.budget.BudgetState;
import dev.flotilla.budget.EscrowBudgets;
import dev.flotilla.budget.FakeClock;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.metering.Pricing;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL between a provider's answer and settlement: after a restart the
 * ledger reconciles with no double count, the stale reservation released and the call marked.
 */
class CrashReconcileTest {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @AfterEach
    void dropSchemas() {
        databases.close();
    }

    @Test
    void sigkillBetweenAnswerAndSettlement_onSqlite_reconcilesOnReopen() throws Exception {
        killAndReconcile(TestDatabases.sqlite(dir));
    }

    @Test
    void sigkillBetweenAnswerAndSettlement_onPostgres_reconcilesOnReopen() throws Exception {
        killAndReconcile(databases.postgresSchema());
    }

    private void killAndReconcile(StoreConfig config) throws Exception {
        Path marker = dir.resolve("answered-" + System.nanoTime());
        Process child = startChild(config, marker);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(marker)
                    .as("the child's marker (child log: %s)", log(marker))
                    .exists();
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (JdbcLedger reopened = JdbcLedger.open(config, new FakeClock(CrashingChild.NOW.plusSeconds(60)))) {
            assertThat(reopened.reconciled().settled()).containsExactly("recorded");
            assertThat(reopened.reconciled().abandoned()).containsExactly("unrecorded");

            List<CallRecord> calls = reopened.calls(Instant.EPOCH);
            assertThat(calls).hasSize(2);
            CallRecord recorded = reopened.call("recorded").orElseThrow();
            assertThat(recorded.outcome()).isEqualTo(CallOutcome.SUCCEEDED);
            assertThat(recorded.cost())
                    .isEqualTo(Pricing.cost(
                            Catalog.bundled().require("gpt-5.4"),
                            CrashingChild.answer("recorded").usage()));
            CallRecord unrecorded = reopened.call("unrecorded").orElseThrow();
            assertThat(unrecorded.outcome()).isEqualTo(CallOutcome.ABANDONED);
            assertThat(unrecorded.estimated()).isTrue();
            assertThat(unrecorded.cost().usd()).isEqualByComparingTo("0");
            assertThat(reopened.reservations())
                    .extracting(ReservationRecord::callId, ReservationRecord::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("recorded", ReservationState.SETTLED),
                            org.assertj.core.groups.Tuple.tuple("unrecorded", ReservationState.RELEASED));

            // A restarted budget counts the recorded call once and holds nothing.
            EscrowBudgets budgets = new EscrowBudgets(new FakeClock(CrashingChild.NOW.plusSeconds(60)), reopened);
            CrashingChild.defineBudgets(budgets);
            BudgetState key = budgets.snapshot("key:crash");
            assertThat(key.spent().usd()).isEqualByComparingTo(recorded.cost().usd());
            assertThat(key.reserved().isZero()).isTrue();
            assertThat(calls.stream()
                            .map(c -> c.cost().usd())
                            .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add))
                    .isEqualByComparingTo(key.spent().usd());
        }
        try (JdbcLedger again = JdbcLedger.open(config, new FakeClock(CrashingChild.NOW.plusSeconds(120)))) {
            assertThat(again.reconciled().isClean()).isTrue();
            assertThat(again.calls(Instant.EPOCH)).hasSize(2);
        }
    }

    private Process startChild(StoreConfig config, Path marker) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path classpathFile = dir.resolve("child.classpath");
        // An @argfile keeps a long test classpath off the command line.
        Files.writeString(classpathFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        return new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "@" + classpathFile,
                        CrashingChild.class.getName(),
                        config.jdbcUrl(),
                        marker.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File(marker + ".log"))
                .start();
    }

    private static String log(Path marker) {
        try {
            Path log = Path.of(marker + ".log");
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
