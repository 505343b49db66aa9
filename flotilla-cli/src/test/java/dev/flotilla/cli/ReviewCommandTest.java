package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.review.SarifSchema;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flotilla review} end to end on the fixture repository, simulated. */
class ReviewCommandTest {
    static final Path SAMPLE_REPO =
            Path.of("..", "flotilla-core", "src", "test", "resources", "fixtures", "sample-repo");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString(), "CI", "true"));
    }

    @Test
    void review_simulated_givesAMarkdownReportThatSaysSoFirst() {
        CliRunner.Result r = cli().run("review", SAMPLE_REPO.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("SIMULATED REVIEW");
        assertThat(r.out()).contains("## Findings").contains("## Summary").contains("alone would have cost");
        assertThat(r.err()).contains("reviewing").contains("judging");
    }

    @Test
    void review_json_findingsPointAtRealLines_flagshipOnlyPlansAndJudges_andCostsUnder40Percent() throws Exception {
        CliRunner.Result r = cli().run("review", SAMPLE_REPO.toString(), "--format", "json", "--quiet");

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("simulated").asBoolean()).isTrue();
        JsonNode findings = report.get("findings");
        assertThat(findings.size()).isGreaterThanOrEqualTo(10);
        for (JsonNode finding : findings) {
            List<String> lines =
                    Files.readAllLines(SAMPLE_REPO.resolve(finding.get("file").asText()));
            String line = lines.get(finding.get("start_line").asInt() - 1);
            assertThat(line.strip()).isEqualTo(finding.get("evidence").asText());
            assertThat(finding.get("message").asText()).startsWith("[simulated] ");
            assertThat(finding.get("model").asText()).isEqualTo("gpt-5.4-mini");
        }
        // Planted problems of different kinds are found in different languages.
        assertThat(findings.findValuesAsText("file"))
                .contains(
                        "web/server.js", "app/handlers.py", "store/store.go", "src/main/java/com/example/UserDao.java");

        JsonNode summary = report.get("summary");
        assertThat(summary.at("/calls_by_model/gpt-5.4").asInt()).isEqualTo(2);
        assertThat(summary.at("/calls_by_model/gpt-5.4-nano").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(summary.at("/calls_by_model/gpt-5.4-mini").asInt()).isGreaterThan(10);
        BigDecimal cost = summary.get("cost_usd").decimalValue();
        BigDecimal flagshipOnly = summary.get("flagship_only_cost_usd").decimalValue();
        assertThat(cost).isLessThan(flagshipOnly.multiply(new BigDecimal("0.40")));
        assertThat(summary.get("wall_ms").asLong()).isPositive();

        // The ledger agrees: the flagship only planned and judged, and the totals match to the cent.
        try (JdbcLedger ledger = JdbcLedger.open(StoreConfig.sqlite(home.resolve("flotilla.db")), Clock.systemUTC())) {
            List<CallRecord> calls = ledger.calls(Instant.EPOCH);
            assertThat(calls)
                    .filteredOn(c -> c.servedModel().equals("gpt-5.4"))
                    .extracting(CallRecord::taskKind)
                    .containsExactlyInAnyOrder(TaskKind.PLAN, TaskKind.JUDGE);
            BigDecimal ledgerTotal = calls.stream().map(c -> c.cost().usd()).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(ledgerTotal).isEqualByComparingTo(cost);
        }
    }

    @Test
    void review_sarif_isValidAgainstTheSarif210Schema() throws Exception {
        Path out = home.resolve("review.sarif");

        CliRunner.Result r =
                cli().run("review", SAMPLE_REPO.toString(), "--format", "sarif", "--out", out.toString(), "--quiet");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        JsonNode sarif = JSON.readTree(Files.readString(out));
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(JSON.readTree(Files.readString(SarifSchema.path())));
        assertThat(schema.validate(sarif)).isEmpty();
        assertThat(sarif.at("/runs/0/results").size()).isGreaterThanOrEqualTo(10);
        assertThat(sarif.at("/runs/0/properties/simulated").asBoolean()).isTrue();
    }

    @Test
    void review_dryRun_printsTheCostedPlanAndCallsNoModel() throws Exception {
        CliRunner.Result r = cli().run("review", SAMPLE_REPO.toString(), "--dry-run");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Dry run")
                .contains("gpt-5.4-nano")
                .contains("gpt-5.4-mini")
                .contains("judge")
                .contains("Estimated total: $");
        try (JdbcLedger ledger = JdbcLedger.open(StoreConfig.sqlite(home.resolve("flotilla.db")), Clock.systemUTC())) {
            assertThat(ledger.calls(Instant.EPOCH)).isEmpty();
        }
    }

    @Test
    void review_badArguments_exit2NamingTheValue() {
        CliRunner.Result format = cli().run("review", SAMPLE_REPO.toString(), "--format", "html");
        CliRunner.Result path = cli().run("review", home.resolve("missing").toString());
        CliRunner.Result policy = cli().run("review", SAMPLE_REPO.toString(), "--policy", "lavish", "--quiet");

        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).contains("'html'").contains("md, sarif, json");
        assertThat(path.status()).isEqualTo(2);
        assertThat(path.err()).contains("missing").contains("not a directory");
        assertThat(policy.status()).isEqualTo(2);
        assertThat(policy.err()).contains("'lavish'").contains("balanced");
    }
}
