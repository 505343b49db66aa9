package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.orchestration.RunStore;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private static final String TWO_FILE_PLAN = """
                {"rationale":"two files","subtasks":[
                {"id":"s1","kind":"file_review","brief":"Review web/server.js for bugs, security problems, resource leaks and error handling.","inputs":["web/server.js"],"depends_on":[],"expected_output":"findings","model_hint":null},
                {"id":"s2","kind":"file_review","brief":"Review store/store.go for bugs, security problems, resource leaks and error handling.","inputs":["store/store.go"],"depends_on":[],"expected_output":"findings","model_hint":null}]}""";

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString(), "CI", "true"));
    }

    private JdbcLedger ledger() {
        return JdbcLedger.open(StoreConfig.sqlite(home.resolve("flotilla.db")), Clock.systemUTC());
    }

    @Test
    void listAndShow_aReviewRun_withATreeWhoseCostsAddUpToTheLedger() throws Exception {
        assertThat(cli().run("review", ReviewCommandTest.SAMPLE_REPO.toString(), "--quiet")
                        .status())
                .isZero();

        JsonNode runs = JSON.readTree(cli().run("runs", "list", "--json").out());
        assertThat(runs).hasSize(1);
        String runId = runs.get(0).get("run_id").asText();
        assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");

        CliRunner.Result tree = cli().run("runs", "show", runId);
        assertThat(tree.out())
                .contains("plan plan")
                .contains("subtask s1")
                .contains("tool_call read_file")
                .contains("model_call gpt-5.4-mini");
        JsonNode shown =
                JSON.readTree(cli().run("runs", "show", runId, "--json").out());
        BigDecimal traced = BigDecimal.ZERO;
        for (JsonNode span : shown.get("spans")) {
            if (span.has("call")) {
                traced = traced.add(span.at("/call/cost_usd").decimalValue());
            }
        }
        try (JdbcLedger ledger = ledger()) {
            BigDecimal recorded = ledger.calls(Instant.EPOCH).stream()
                    .filter(c -> runId.equals(c.runId()))
                    .map(c -> c.cost().usd())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(traced).isEqualByComparingTo(recorded);
        }
        assertThat(cli().run("runs", "show", "run-nope").status()).isEqualTo(2);
        assertThat(cli().run("runs", "resume", runId).err()).contains("already finished");
    }

    @Test
    void show_listsWhatRanUnderASpanThatWasNeverRecorded() throws Exception {
        assertThat(cli().run("review", ReviewCommandTest.SAMPLE_REPO.toString(), "--quiet")
                        .status())
                .isZero();
        String runId = JSON.readTree(cli().run("runs", "list", "--json").out())
                .get(0)
                .get("run_id")
                .asText();
        String s1 = null;
        for (JsonNode span :
                JSON.readTree(cli().run("runs", "show", runId, "--json").out()).get("spans")) {
            if (span.get("kind").asText().equals("subtask")
                    && span.get("name").asText().equals("s1")) {
                s1 = span.get("id").asText();
            }
        }
        assertThat(s1).isNotNull();
        // what a SIGKILL leaves: the subtask's span was still open, so it was never written
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("flotilla.db"));
                PreparedStatement ps = c.prepareStatement("DELETE FROM run_spans WHERE run_id = ? AND span_id = ?")) {
            ps.setString(1, runId);
            ps.setString(2, s1);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }

        String tree = cli().run("runs", "show", runId).out();

        assertThat(tree).doesNotContain("subtask s1 ");
        String orphans = tree.substring(tree.indexOf("recorded without their parent span"));
        assertThat(orphans).contains("model_call gpt-5.4-mini").contains("tool_call read_file");
    }

    @Test
    void resume_runsOnlyTheSubtasksWithoutACheckpoint() throws Exception {
        Path repo = ReviewCommandTest.SAMPLE_REPO.toAbsolutePath().normalize();
        String plan = TWO_FILE_PLAN;
        try (JdbcLedger ledger = ledger()) {
            RunStore store = ledger.runStore();
            // A run that died after s1 was checkpointed: its plan and s1's output are in the store.
            store.runStarted("run-crashed", "Review the code repository 'repo' for bugs");
            store.jobSaved("run-crashed", ReviewCommand.jobJson(repo, null, null, 8, 40));
            store.planSaved("run-crashed", plan);
            store.subtaskFinished("run-crashed", "s1", """
                    {"findings":[{"file":"web/server.js","start_line":11,"end_line":11,"severity":"critical","category":"security","message":"[simulated] eval of dynamic input","evidence":"const value = eval(expr);"}]}""");
        }

        CliRunner.Result r = cli().run("runs", "resume", "run-crashed", "--format", "json");

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("findings").findValuesAsText("file")).contains("web/server.js", "store/store.go");
        try (JdbcLedger ledger = ledger()) {
            List<CallRecord> calls = ledger.calls(Instant.EPOCH).stream()
                    .filter(c -> "run-crashed".equals(c.runId()))
                    .toList();
            assertThat(calls)
                    .extracting(CallRecord::taskKind)
                    .doesNotContain(TaskKind.PLAN)
                    .contains(TaskKind.JUDGE);
            assertThat(calls)
                    .filteredOn(c -> c.taskKind() == TaskKind.FILE_REVIEW)
                    .hasSize(3); // s2's three turns only
            assertThat(calls).extracting(CallRecord::callId).doesNotHaveDuplicates();
            assertThat(ledger.run("run-crashed").orElseThrow().status().wireName())
                    .isEqualTo("succeeded");
        }
    }

    @Test
    void resume_keepsTheBudgetAndPolicyTheRunWasStartedWith() {
        Path repo = ReviewCommandTest.SAMPLE_REPO.toAbsolutePath().normalize();
        try (JdbcLedger ledger = ledger()) {
            RunStore store = ledger.runStore();
            for (String run : List.of("run-budget", "run-policy")) {
                store.runStarted(run, "Review the code repository 'repo' for bugs");
                store.subtaskFinished(run, "c1", "{\"files\":[]}");
                store.planSaved(run, TWO_FILE_PLAN);
            }
            // Killed runs of 'flotilla review --budget 0.000001' and of '--policy nope' (since removed).
            store.jobSaved("run-budget", ReviewCommand.jobJson(repo, new BigDecimal("0.000001"), null, 8, 40));
            store.jobSaved("run-policy", ReviewCommand.jobJson(repo, null, "nope", 8, 40));
        }

        CliRunner.Result overBudget = cli().run("runs", "resume", "run-budget");
        CliRunner.Result unknownPolicy = cli().run("runs", "resume", "run-policy");

        assertThat(overBudget.status()).isEqualTo(1);
        assertThat(overBudget.err()).contains("above the cap of $0.000001");
        assertThat(unknownPolicy.status()).isEqualTo(2);
        assertThat(unknownPolicy.err()).contains("unknown policy 'nope'");
        try (JdbcLedger ledger = ledger()) {
            assertThat(ledger.calls(Instant.EPOCH)).isEmpty();
        }
    }
}
