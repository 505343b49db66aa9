package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.ReconcileReport;
import dev.flotilla.ledger.RunStatus;
import dev.flotilla.orchestration.ModelCallRecord;
import dev.flotilla.orchestration.RunStore;
import dev.flotilla.orchestration.Span;
import dev.flotilla.orchestration.SpanKind;
import dev.flotilla.orchestration.SpanStatus;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code flotilla review} in a child JVM, killed with SIGKILL after some review subtasks
 * were checkpointed and while a later one had already paid for calls, then resumed with
 * {@code flotilla runs resume}: the resume pays only for the subtasks that did not finish (the
 * unfinished one's calls from before the kill are lost, not reused), no call id appears twice,
 * nothing stays reserved, the ledger adds up, and the report equals an uninterrupted run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one uninterrupted reference review for both databases
class KillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PG_URL_ENV = "FLOTILLA_TEST_PG_URL";
    private static final Path REPO =
            ReviewCommandTest.SAMPLE_REPO.toAbsolutePath().normalize();

    @TempDir
    Path shared;

    private Path dir;
    private @Nullable JsonNode reference;

    @BeforeEach
    void freshDirectory() throws Exception {
        dir = Files.createDirectory(shared.resolve(UUID.randomUUID().toString()));
    }

    @Test
    void sigkilledReview_onSqlite_resumesPayingOnlyForUnfinishedSubtasks() throws Exception {
        Path home = dir.resolve("home");
        killAndResume(Map.of("FLOTILLA_HOME", home.toString()), StoreConfig.sqlite(home.resolve("flotilla.db")));
    }

    @Test
    void sigkilledReview_onPostgres_resumesPayingOnlyForUnfinishedSubtasks() throws Exception {
        String url = System.getenv(PG_URL_ENV);
        assumeTrue(
                url != null && !url.isBlank(),
                PG_URL_ENV + " is not set: skipping the PostgreSQL kill-and-resume test (.ci/run sets it)");
        String server = url.contains("user=") ? url : url + (url.contains("?") ? "&" : "?") + "user=postgres";
        String schema = "flotilla_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(server, "CREATE SCHEMA " + schema);
        try {
            StoreConfig config = StoreConfig.of(server + "&currentSchema=" + schema);
            killAndResume(
                    Map.of("FLOTILLA_HOME", dir.resolve("home").toString(), StoreConfig.DB_URL_ENV, config.jdbcUrl()),
                    config);
        } finally {
            execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void killAndResume(Map<String, String> env, StoreConfig config) throws Exception {
        // 1. A review in a child JVM, one sub-agent at a time so that the kill lands mid-run.
        Path log = dir.resolve("child.log");
        Process child = startReview(env, log);
        String runId;
        try {
            runId = waitForMidRun(config, child, log);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        Set<String> openAtKill = new HashSet<>(query(
                config.jdbcUrl(), "SELECT call_id FROM reservations WHERE state = 'open'", rs -> rs.getString(1)));

        // 2. What the killed process left: checkpoints, paid calls, spans, open reservations.
        RunStore.StoredRun killed;
        Map<String, CallRecord> callsBefore;
        Set<String> spansBefore;
        try (JdbcLedger ledger = JdbcLedger.open(config, Clock.systemUTC())) {
            ReconcileReport reconciled = ledger.reconciled();
            Set<String> closed = new HashSet<>(reconciled.settled());
            closed.addAll(reconciled.abandoned());
            assertThat(closed).as("the dead child's open reservations").isEqualTo(openAtKill);
            assertThat(ledger.reservations())
                    .extracting(ReservationRecord::state)
                    .doesNotContain(ReservationState.OPEN);
            killed = ledger.runStore().load(runId).orElseThrow();
            callsBefore = callsOf(ledger, runId);
            spansBefore = ledger.runStore().spans(runId).stream().map(Span::id).collect(Collectors.toSet());
        }
        assertThat(killed.status()).isEqualTo("running");
        assertThat(killed.planJson()).isNotNull();
        List<String> planned = new ArrayList<>();
        JSON.readTree(killed.planJson())
                .path("subtasks")
                .forEach(s -> planned.add(s.path("id").asText()));
        Set<String> checkpointed = killed.finished().keySet();
        Set<String> unfinished = new HashSet<>(planned);
        unfinished.removeAll(checkpointed);
        assertThat(checkpointed).contains("c1").containsAnyElementsOf(planned);
        assertThat(unfinished).as("subtasks left for the resume").isNotEmpty();

        // 3. Resume in-process, as a user would.
        CliRunner.Result resumed =
                new CliRunner(withCi(env)).run("runs", "resume", runId, "--simulate", "--format", "json");
        assertThat(resumed.status()).as(resumed.err()).isZero();

        try (JdbcLedger ledger = JdbcLedger.open(config, Clock.systemUTC())) {
            assertThat(ledger.reconciled().isClean()).isTrue();
            Map<String, CallRecord> callsAfter = callsOf(ledger, runId);
            List<Span> spans = ledger.runStore().spans(runId);
            Map<String, Span> newSpans = new LinkedHashMap<>();
            spans.stream().filter(s -> !spansBefore.contains(s.id())).forEach(s -> newSpans.put(s.id(), s));

            // The killed process's calls stay as they were: paid once, none re-recorded.
            callsBefore.forEach((id, call) -> assertThat(callsAfter.get(id)).isEqualTo(call));
            Map<String, CallRecord> newCalls = new LinkedHashMap<>(callsAfter);
            callsBefore.keySet().forEach(newCalls::remove);

            // No call id twice: every call the resume traced is new to the ledger, and the ledger holds each.
            List<ModelCallRecord> resumedCalls =
                    newSpans.values().stream().flatMap(s -> s.call().stream()).toList();
            assertThat(resumedCalls).extracting(ModelCallRecord::callId).doesNotHaveDuplicates();
            assertThat(resumedCalls)
                    .extracting(ModelCallRecord::callId)
                    .doesNotContainAnyElementsOf(callsBefore.keySet())
                    .containsExactlyInAnyOrderElementsOf(newCalls.keySet());
            assertThat(spans.stream().flatMap(s -> s.call().stream()))
                    .extracting(ModelCallRecord::callId)
                    .doesNotHaveDuplicates();

            // Whom the resume paid for: each unfinished subtask once, the judge, nothing checkpointed.
            Map<String, Integer> callsBySpanName = new HashMap<>();
            for (Span span : newSpans.values()) {
                if (span.kind() == SpanKind.MODEL_CALL) {
                    Span parent = newSpans.get(span.parentId());
                    assertThat(parent)
                            .as("the resumed call %s's parent span", span.id())
                            .isNotNull();
                    callsBySpanName.merge(parent.name(), 1, Integer::sum);
                }
            }
            Set<String> paidFor = new HashSet<>(unfinished);
            paidFor.add("judge");
            assertThat(callsBySpanName.keySet())
                    .as("what the resume paid for (checkpointed before the kill: %s)", checkpointed)
                    .isEqualTo(paidFor);
            List<Span> subtaskSpans = newSpans.values().stream()
                    .filter(s -> s.kind() == SpanKind.SUBTASK)
                    .toList();
            assertThat(subtaskSpans).extracting(Span::name).containsExactlyInAnyOrderElementsOf(unfinished);
            assertThat(subtaskSpans).extracting(Span::status).containsOnly(SpanStatus.OK);
            assertThat(newSpans.values()).extracting(Span::kind).doesNotContain(SpanKind.PLAN);

            // The ledger adds up: the run's total is the killed calls plus the resumed ones, each once.
            BigDecimal before =
                    sum(callsBefore.values().stream().map(c -> c.cost().usd()).toList());
            BigDecimal resumedCost =
                    sum(newCalls.values().stream().map(c -> c.cost().usd()).toList());
            BigDecimal traced =
                    sum(resumedCalls.stream().map(c -> c.cost().usd()).toList());
            assertThat(traced).isEqualByComparingTo(resumedCost);
            assertThat(sum(callsAfter.values().stream().map(c -> c.cost().usd()).toList()))
                    .isEqualByComparingTo(before.add(resumedCost));
            JsonNode report = JSON.readTree(resumed.out());
            assertThat(report.at("/summary/calls").asInt()).isEqualTo(newCalls.size());
            assertThat(report.at("/summary/cost_usd").decimalValue()).isEqualByComparingTo(resumedCost);

            // Nothing stays reserved; the run ended, with the judge's answer in the report.
            assertThat(ledger.reservations())
                    .extracting(ReservationRecord::state)
                    .doesNotContain(ReservationState.OPEN);
            assertThat(ledger.run(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(ledger.runStore().load(runId).orElseThrow().finished().keySet())
                    .containsAll(planned);
            assertThat(report.path("run_id").asText()).isEqualTo(runId);
            assertThat(findings(report)).isNotEmpty().isEqualTo(findings(uninterruptedReport()));
        }
    }

    /** Polls the ledger until a review subtask is checkpointed and a later one has paid for a call. */
    private String waitForMidRun(StoreConfig config, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        Integer callsAtFirstCheckpoint = null;
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive())
                    .as("the review ended before the kill (child log: %s)", read(log))
                    .isTrue();
            Progress progress = progress(config);
            if (progress != null) {
                assertThat(progress.status())
                        .as("the run finished before it could be killed")
                        .isEqualTo("running");
                if (callsAtFirstCheckpoint == null && progress.reviewCheckpoints() > 0) {
                    callsAtFirstCheckpoint = progress.reviewCalls();
                } else if (callsAtFirstCheckpoint != null && progress.reviewCalls() > callsAtFirstCheckpoint) {
                    return progress.runId();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no review subtask was checkpointed in time (child log: " + read(log) + ")");
    }

    private record Progress(String runId, String status, int reviewCheckpoints, int reviewCalls) {}

    /** The run's progress read straight from the database, or null before the schema and run exist. */
    private static @Nullable Progress progress(StoreConfig config) {
        // Read-only for SQLite: polling must never create the file before the child does.
        String url = config.kind() == StoreConfig.Kind.SQLITE ? config.jdbcUrl() + "?open_mode=1" : config.jdbcUrl();
        try {
            List<String[]> runs = query(
                    url, "SELECT run_id, status FROM runs", rs -> new String[] {rs.getString(1), rs.getString(2)});
            if (runs.isEmpty()) {
                return null;
            }
            int checkpoints = query(
                            url, "SELECT count(*) FROM run_checkpoints WHERE subtask_id LIKE 's%'", rs -> rs.getInt(1))
                    .getFirst();
            int calls = query(url, "SELECT count(*) FROM calls WHERE task_kind = 'file_review'", rs -> rs.getInt(1))
                    .getFirst();
            return new Progress(runs.getFirst()[0], runs.getFirst()[1], checkpoints, calls);
        } catch (SQLException e) {
            return null; // not migrated yet, or the writer holds the file for a moment
        }
    }

    private Process startReview(Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path classpathFile = dir.resolve("child.classpath");
        // An @argfile keeps a long test classpath off the command line.
        Files.writeString(classpathFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "@" + classpathFile,
                        Main.class.getName(),
                        "review",
                        REPO.toString(),
                        "--simulate",
                        "--quiet",
                        "--concurrency",
                        "1",
                        "--format",
                        "json")
                .redirectErrorStream(true)
                .redirectOutput(new File(log.toString()));
        builder.environment().remove(StoreConfig.DB_URL_ENV);
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().putAll(withCi(env));
        return builder.start();
    }

    /** The report of the same review run without interruption. */
    private JsonNode uninterruptedReport() throws Exception {
        if (reference != null) {
            return reference;
        }
        Path home = shared.resolve("clean-home");
        CliRunner.Result clean = new CliRunner(withCi(Map.of("FLOTILLA_HOME", home.toString())))
                .run("review", REPO.toString(), "--simulate", "--quiet", "--format", "json");
        assertThat(clean.status()).as(clean.err()).isZero();
        reference = JSON.readTree(clean.out());
        return reference;
    }

    private static List<JsonNode> findings(JsonNode report) {
        List<JsonNode> findings = new ArrayList<>();
        for (JsonNode finding : report.path("findings")) {
            // A resumed subtask's model is not known again: its output came from the checkpoint.
            findings.add(((ObjectNode) finding.deepCopy()).without("model"));
        }
        return findings;
    }

    private static Map<String, CallRecord> callsOf(JdbcLedger ledger, String runId) {
        Map<String, CallRecord> calls = new LinkedHashMap<>();
        for (CallRecord call : ledger.calls(Instant.EPOCH)) {
            if (runId.equals(call.runId())) {
                assertThat(calls.put(call.callId(), call))
                        .as("call %s", call.callId())
                        .isNull();
            }
        }
        return calls;
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Map<String, String> withCi(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("CI", "true");
        return all;
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String url, String sql, Row<T> row) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.map(rs));
            }
            return rows;
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
