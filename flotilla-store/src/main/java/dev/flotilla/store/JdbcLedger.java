package dev.flotilla.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.InMemoryLedger;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.ledger.ReconcileReport;
import dev.flotilla.ledger.RunRecord;
import dev.flotilla.ledger.RunStatus;
import dev.flotilla.orchestration.RunStore;
import dev.flotilla.orchestration.Span;
import dev.flotilla.orchestration.SpanJson;
import dev.flotilla.store.internal.GroupCommit;
import dev.flotilla.store.internal.ProcessOwner;
import dev.flotilla.store.internal.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * The ledger on SQLite or PostgreSQL through a HikariCP pool. Concurrent writes share a
 * commit ({@link GroupCommit}); a method returns when its
 * write is committed, so it survives a crash of this process (SQLite: WAL with {@code
 * synchronous=NORMAL}, or {@code FULL} when the URL asks, for power-loss durability too;
 * PostgreSQL: synchronous commit). Inserts use {@code ON CONFLICT DO NOTHING} on the call id, so a
 * re-report is a no-op even from two processes at once. Opening migrates the schema (Flyway) and
 * reconciles what a dead process left open.
 */
public final class JdbcLedger implements Ledger {
    /** Where the migrations live on the classpath. */
    public static final String MIGRATIONS = "classpath:dev/flotilla/store/migration";

    private final StoreConfig config;
    private final HikariDataSource pool;
    private final String owner;
    private final ReconcileReport reconciled;
    private final Clock clock;
    private final GroupCommit writes;
    private static final ObjectMapper SPAN_MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JdbcLedger(StoreConfig config, HikariDataSource pool, String owner, Clock clock) {
        this.config = config;
        this.pool = pool;
        this.owner = owner;
        this.clock = clock;
        this.writes = new GroupCommit(pool);
        this.reconciled = reconcile(clock);
    }

    /**
     * Opens the ledger: creates the SQLite file's directory when needed, migrates the schema, and
     * reconciles open reservations left by a process that died (see {@link Ledger#reconcile}).
     *
     * @throws StoreException naming the database when it cannot be opened or migrated
     */
    public static JdbcLedger open(StoreConfig config, Clock clock) {
        return open(config, clock, ProcessOwner.current());
    }

    /**
     * Opens the ledger acting for the named process ({@code host/pid/startMillis}): the
     * reservations it records carry that owner. For tests and tools; {@link #open(StoreConfig,
     * Clock)} names this process.
     *
     * @throws StoreException naming the database when it cannot be opened or migrated
     */
    public static JdbcLedger open(StoreConfig config, Clock clock, String owner) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(clock, "clock");
        if (config.kind() == StoreConfig.Kind.SQLITE) {
            createParentDirectory(config);
        }
        try {
            // Flyway uses its own short-lived connection, so the SQLite pool's single one stays free.
            Flyway.configure()
                    .dataSource(config.jdbcUrl(), null, null)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException(
                    "could not migrate the ledger schema in " + config.describe() + ": " + e.getMessage(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setMaximumPoolSize(config.maxConnections());
        hikari.setPoolName("flotilla-ledger");
        hikari.setAutoCommit(true);
        if (config.kind() == StoreConfig.Kind.SQLITE) {
            // Waits behind other processes' writers instead of failing; every commit reaches the disk.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            if (!config.jdbcUrl().contains("synchronous=")) {
                // NORMAL in WAL mode: a commit survives a crash of the process (the WAL is written
                // before commit returns) without an fsync per commit; "?synchronous=FULL" in the
                // URL adds one, for power-loss durability at ~0.6 ms per commit on this kind of disk.
                hikari.addDataSourceProperty("synchronous", "NORMAL");
            }
            hikari.addDataSourceProperty("busy_timeout", "10000");
            // 32 MiB of page cache (SQLite's default is 2 MiB): the call-id index takes inserts at
            // random places, and a gateway's ledger outgrows a small cache within minutes.
            hikari.addDataSourceProperty("cache_size", "-32768");
            hikari.setConnectionTimeout(120_000);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException(
                    "could not connect to the ledger in " + config.describe() + ": " + e.getMessage(), e);
        }
        try {
            return new JdbcLedger(config, pool, owner, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** What reconciliation found when this ledger was opened. */
    public ReconcileReport reconciled() {
        return reconciled;
    }

    /** The connection pool, for other stores in the same database ({@link VirtualKeys}). */
    javax.sql.DataSource dataSource() {
        return pool;
    }

    /** Which database this ledger is in. */
    public StoreConfig config() {
        return config;
    }

    @Override
    public boolean record(CallRecord call) {
        return update("record call " + call.callId(), Rows.INSERT_CALL, ps -> Rows.bindCall(ps, call)) == 1;
    }

    @Override
    public Optional<CallRecord> call(String callId) {
        List<CallRecord> found = query(
                "read call " + callId,
                Rows.SELECT_CALLS + " WHERE call_id = ?",
                ps -> ps.setString(1, callId),
                Rows::call);
        return found.stream().findFirst();
    }

    @Override
    public List<CallRecord> calls(Instant since) {
        return query(
                "read calls",
                Rows.SELECT_CALLS + " WHERE started_at_ms >= ? ORDER BY started_at_ms, call_id",
                ps -> ps.setLong(1, since.toEpochMilli()),
                Rows::call);
    }

    @Override
    public void saveRun(RunRecord run) {
        update("save run " + run.runId(), Rows.UPSERT_RUN, ps -> Rows.bindRun(ps, run));
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return query(
                        "read run " + runId,
                        Rows.SELECT_RUNS + " WHERE run_id = ?",
                        ps -> ps.setString(1, runId),
                        Rows::run)
                .stream()
                .findFirst();
    }

    @Override
    public List<RunRecord> runs() {
        return query("read runs", Rows.SELECT_RUNS + " ORDER BY started_at_ms, run_id", ps -> {}, Rows::run);
    }

    @Override
    public List<BudgetSpec> budgets() {
        return query("read budgets", Rows.SELECT_BUDGETS, ps -> {}, Rows::budget);
    }

    @Override
    public List<ReservationRecord> reservations() {
        return query("read reservations", Rows.SELECT_RESERVATIONS, ps -> {}, Rows::reservation);
    }

    /**
     * Reconciles the open reservations of processes that are certainly dead (on this host, their
     * pid gone or reused); a live process's reservations, and other hosts', are left alone.
     */
    @Override
    public ReconcileReport reconcile(Clock clock) {
        Set<String> stale = new HashSet<>(query(
                "read open reservations",
                "SELECT call_id, owner FROM reservations WHERE state = 'open'",
                ps -> {},
                rs -> ProcessOwner.isDead(rs.getString("owner")) ? rs.getString("call_id") : ""));
        return Ledger.reconcile(this, clock, r -> stale.contains(r.callId()));
    }

    @Override
    public void saveBudget(BudgetSpec spec) {
        update("save budget " + spec.id(), Rows.UPSERT_BUDGET, ps -> Rows.bindBudget(ps, spec));
    }

    @Override
    public void reservationOpened(ReservationRecord reservation) {
        update(
                "record the reservation of call " + reservation.callId(),
                Rows.INSERT_RESERVATION,
                ps -> Rows.bindReservation(ps, reservation, owner));
    }

    @Override
    public void reservationClosed(String callId, ReservationState state, Instant at) {
        if (state == ReservationState.OPEN) {
            throw new IllegalArgumentException("a reservation closes as settled or released, not open");
        }
        update("close the reservation of call " + callId, Rows.CLOSE_RESERVATION, ps -> {
            ps.setString(1, state.wireName());
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, callId);
        });
    }

    @Override
    public Amount spent(String budgetId, Instant since) {
        Set<String> ids = InMemoryLedger.subtree(budgets(), budgetId);
        List<CallRecord> recent = query(
                "read the spend of budget " + budgetId,
                Rows.SELECT_CALLS + " WHERE started_at_ms >= ? AND budget_id IS NOT NULL",
                ps -> ps.setLong(1, since.toEpochMilli()),
                Rows::call);
        Amount total = Amount.ZERO;
        for (CallRecord call : recent) {
            if (ids.contains(call.budgetId())) {
                total = total.plus(Amount.of(call.usage(), call.cost()));
            }
        }
        return total;
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * The orchestrator's run store on this ledger's database: job, plan, subtask checkpoints and
     * spans, each durable when its method returns. Run status lives in the ledger's runs table.
     */
    public RunStore runStore() {
        return new RunStore() {
            @Override
            public void runStarted(String runId, String task) {
                saveRun(RunRecord.started(runId, abbreviate(task), clock.instant()));
                update(
                        "start run " + runId,
                        "INSERT INTO run_state (run_id, task) VALUES (?, ?)" + " ON CONFLICT (run_id) DO NOTHING",
                        ps -> {
                            ps.setString(1, runId);
                            ps.setString(2, task);
                        });
            }

            @Override
            public void jobSaved(String runId, String jobJson) {
                update("save the job of run " + runId, "UPDATE run_state SET job_json = ? WHERE run_id = ?", ps -> {
                    ps.setString(1, jobJson);
                    ps.setString(2, runId);
                });
            }

            @Override
            public void planSaved(String runId, String planJson) {
                update("save the plan of run " + runId, "UPDATE run_state SET plan_json = ? WHERE run_id = ?", ps -> {
                    ps.setString(1, planJson);
                    ps.setString(2, runId);
                });
            }

            @Override
            public void subtaskFinished(String runId, String subtaskId, String output) {
                update(
                        "checkpoint subtask " + subtaskId + " of run " + runId,
                        "INSERT INTO run_checkpoints (run_id, subtask_id, output, finished_at_ms) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (run_id, subtask_id) DO NOTHING",
                        ps -> {
                            ps.setString(1, runId);
                            ps.setString(2, subtaskId);
                            ps.setString(3, output);
                            ps.setLong(4, clock.instant().toEpochMilli());
                        });
            }

            @Override
            public void runFinished(String runId, String status, @Nullable String answer) {
                RunStatus end = "ok".equals(status) ? RunStatus.SUCCEEDED : RunStatus.FAILED;
                run(runId)
                        .ifPresent(run -> saveRun(
                                run.status() == RunStatus.RUNNING
                                        ? run.ended(end, clock.instant())
                                        : new RunRecord(
                                                run.runId(),
                                                run.description(),
                                                end,
                                                run.startedAt(),
                                                clock.instant())));
            }

            @Override
            public void spanRecorded(String runId, Span span) {
                update(
                        "record span " + span.id(),
                        "INSERT INTO run_spans (run_id, span_id, start_ms, span_json)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT (run_id, span_id) DO NOTHING",
                        ps -> {
                            ps.setString(1, runId);
                            ps.setString(2, span.id());
                            ps.setLong(3, span.start().toEpochMilli());
                            ps.setString(4, SpanJson.write(span).toString());
                        });
            }

            @Override
            public List<Span> spans(String runId) {
                return query(
                        "read the spans of run " + runId,
                        "SELECT span_json FROM run_spans WHERE run_id = ? ORDER BY start_ms, span_id",
                        ps -> ps.setString(1, runId),
                        rs -> readSpan(rs.getString(1)));
            }

            @Override
            public Optional<StoredRun> load(String runId) {
                Optional<RunRecord> run = run(runId);
                if (run.isEmpty()) {
                    return Optional.empty();
                }
                Map<String, String> finished = new LinkedHashMap<>();
                query(
                        "read the checkpoints of run " + runId,
                        "SELECT subtask_id, output FROM run_checkpoints WHERE run_id = ? ORDER BY finished_at_ms",
                        ps -> ps.setString(1, runId),
                        rs -> finished.put(rs.getString(1), rs.getString(2)));
                List<String[]> state = query(
                        "read run " + runId,
                        "SELECT task, job_json, plan_json FROM run_state WHERE run_id = ?",
                        ps -> ps.setString(1, runId),
                        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                String[] row = state.isEmpty() ? new String[] {run.get().description(), null, null} : state.getFirst();
                String status = switch (run.get().status()) {
                    case SUCCEEDED -> "ok";
                    case RUNNING -> "running";
                    case FAILED -> "failed";
                    case CANCELLED -> "cancelled";
                };
                return Optional.of(new StoredRun(runId, row[0], row[2], finished, status, row[1]));
            }
        };
    }

    private static Span readSpan(String json) throws SQLException {
        try {
            return SpanJson.read(SPAN_MAPPER.readTree(json));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SQLException("a stored span is not readable: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private int update(String what, String sql, GroupCommit.Binder binder) {
        try {
            return writes.execute(sql, binder);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> List<T> query(String what, String sql, GroupCommit.Binder binder, Mapper<T> mapper) {
        try (Connection connection = pool.getConnection();
                PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException(
                "could not " + what + " in the ledger (" + config.describe() + "): " + e.getMessage(), e);
    }

    private static void createParentDirectory(StoreConfig config) {
        String path = config.jdbcUrl().substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("could not create the ledger's directory " + parent + ": " + e.getMessage(), e);
        }
    }
}
