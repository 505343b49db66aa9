package dev.flotilla.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetRace;
import dev.flotilla.budget.FakeClock;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.ledger.LedgerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTest extends LedgerContract {
    @TempDir
    Path dir;

    @Override
    protected Ledger newLedger() {
        // Acts for a dead process, so the contract can reconcile what it leaves open.
        return JdbcLedger.open(TestDatabases.sqlite(dir), new FakeClock(T0), TestDatabases.DEAD_OWNER);
    }

    @Test
    void open_createsTheFileAndItsDirectory_inWalMode() throws Exception {
        Path file = dir.resolve("home/nested/flotilla.db");
        try (JdbcLedger ledger = JdbcLedger.open(StoreConfig.sqlite(file), new FakeClock(T0))) {
            assertThat(ledger.reconciled().isClean()).isTrue();
        }
        assertThat(file).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void recordedCalls_surviveReopening() {
        StoreConfig config = TestDatabases.sqlite(dir);
        CallRecord call = randomCall(new SplittableRandom(7), 1);
        try (JdbcLedger ledger = JdbcLedger.open(config, new FakeClock(T0))) {
            ledger.record(call);
        }
        try (JdbcLedger reopened = JdbcLedger.open(config, new FakeClock(T0))) {
            assertThat(reopened.call(call.callId())).hasValueSatisfying(read -> assertSameCall(read, call));
        }
    }

    @Test
    void concurrentReReports_recordOneCall() throws Exception {
        try (JdbcLedger ledger = JdbcLedger.open(TestDatabases.sqlite(dir), new FakeClock(T0))) {
            CallRecord call = randomCall(new SplittableRandom(8), 1);
            List<Future<Boolean>> inserted = new ArrayList<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 40; i++) {
                    inserted.add(executor.submit(() -> ledger.record(call)));
                }
            }
            long wins = 0;
            for (Future<Boolean> f : inserted) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(ledger.calls(Instant.EPOCH)).hasSize(1);
        }
    }

    @Test
    void race_onSqlite_neverOverReserves_andSpentEqualsTheLedger() throws Exception {
        try (JdbcLedger ledger = JdbcLedger.open(TestDatabases.sqlite(dir), new FakeClock(T0))) {
            BudgetRace.runAndCheck(ledger, 0xB0D6E7L);
        }
    }

    @Test
    void openingBesideALiveProcess_leavesItsOpenReservationsAlone() {
        StoreConfig config = TestDatabases.sqlite(dir);
        try (JdbcLedger live = JdbcLedger.open(config, new FakeClock(T0))) {
            live.reservationOpened(new ReservationRecord(
                    "in-flight", "key:a", null, "gpt-5.4", 1, 1, Amount.ZERO, ReservationState.OPEN, T0, null));
            try (JdbcLedger reader = JdbcLedger.open(config, new FakeClock(T0))) {
                assertThat(reader.reconciled().isClean()).isTrue();
                assertThat(reader.reservations())
                        .singleElement()
                        .satisfies(r -> assertThat(r.state()).isEqualTo(ReservationState.OPEN));
                assertThat(reader.call("in-flight")).isEmpty();
            }
        }
    }

    @Test
    void unwritableLocation_failsNamingTheFile() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> JdbcLedger.open(StoreConfig.sqlite(blocker.resolve("flotilla.db")), new FakeClock(T0)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not-a-dir");
    }

    @Test
    void sqliteCommitsSurviveAProcessCrash_byDefault_andAPowerLossWhenTheUrlAsks() throws Exception {
        try (JdbcLedger ledger = JdbcLedger.open(StoreConfig.sqlite(dir.resolve("normal.db")), new FakeClock(T0))) {
            assertThat(pragma(ledger, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(ledger, "synchronous")).isEqualTo("1"); // NORMAL
            assertThat(pragma(ledger, "cache_size")).isEqualTo("-32768");
        }
        StoreConfig full = StoreConfig.of("jdbc:sqlite:" + dir.resolve("full.db") + "?synchronous=FULL");
        try (JdbcLedger ledger = JdbcLedger.open(full, new FakeClock(T0))) {
            assertThat(pragma(ledger, "synchronous")).isEqualTo("2"); // FULL
        }
    }

    private static String pragma(JdbcLedger ledger, String name) throws Exception {
        try (Connection c = ledger.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
