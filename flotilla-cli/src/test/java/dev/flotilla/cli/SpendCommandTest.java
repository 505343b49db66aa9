package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendCommandTest {
    private static final Catalog CATALOG = Catalog.bundled();

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString()));
    }

    private void seed() {
        try (JdbcLedger ledger = JdbcLedger.open(
                StoreConfig.sqlite(home.resolve("flotilla.db")),
                Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC))) {
            ledger.record(call(
                    "c1",
                    "run-a",
                    "gpt-5.4",
                    TaskKind.PLAN,
                    new Usage(10_000, 4_000, 2_000, 500),
                    "2026-03-01T10:00:00Z"));
            ledger.record(call(
                    "c2",
                    "run-a",
                    "gpt-5.4-mini",
                    TaskKind.FILE_REVIEW,
                    new Usage(50_000, 40_000, 3_000, 0),
                    "2026-03-01T10:01:00Z"));
            ledger.record(call(
                    "c3", "run-b", "gpt-5.4-nano", TaskKind.CLASSIFY, Usage.of(8_000, 100), "2026-03-02T09:00:00Z"));
            ledger.record(call("c4", null, "gpt-5.4-mini", null, Usage.of(1_000, 1_000), "2026-03-03T09:00:00Z"));
        }
    }

    private static CallRecord call(
            String id, @Nullable String run, String model, @Nullable TaskKind kind, Usage usage, String at) {
        ModelSpec spec = CATALOG.require(model);
        return new CallRecord(
                id,
                run,
                null,
                null,
                kind,
                model,
                model,
                "test",
                usage,
                Pricing.cost(spec, usage),
                id.equals("c4"),
                Duration.ofMillis(10),
                CallOutcome.SUCCEEDED,
                null,
                null,
                Instant.parse(at));
    }

    private static BigDecimal cost(String model, Usage usage) {
        return Pricing.cost(CATALOG.require(model), usage).usd();
    }

    @Test
    void spendByRun_json_totalsEachRunAndWhatTheFlagshipAloneWouldHaveCost() throws Exception {
        seed();

        CliRunner.Result result = cli().run("spend", "--by", "run", "--json");

        assertThat(result.status()).isZero();
        JsonNode body = Json.MAPPER.readTree(result.out());
        assertThat(body.get("flagship").asText()).isEqualTo("gpt-5.4");
        JsonNode runA = body.get("rows").get(1);
        assertThat(body.get("rows").get(0).get("key").asText()).isEqualTo("-");
        assertThat(runA.get("key").asText()).isEqualTo("run-a");
        assertThat(runA.get("calls").asLong()).isEqualTo(2);
        assertThat(runA.get("cached_input_tokens").asLong()).isEqualTo(44_000);
        assertThat(runA.get("cost_usd").decimalValue())
                .isEqualByComparingTo(cost("gpt-5.4", new Usage(10_000, 4_000, 2_000, 500))
                        .add(cost("gpt-5.4-mini", new Usage(50_000, 40_000, 3_000, 0))));
        assertThat(runA.get("flagship_cost_usd").decimalValue())
                .isEqualByComparingTo(cost("gpt-5.4", new Usage(10_000, 4_000, 2_000, 500))
                        .add(cost("gpt-5.4", new Usage(50_000, 40_000, 3_000, 0))));
        JsonNode total = body.get("total");
        assertThat(total.get("calls").asLong()).isEqualTo(4);
        assertThat(total.get("estimated_calls").asLong()).isEqualTo(1);
        assertThat(total.get("saved_usd").decimalValue())
                .isEqualByComparingTo(total.get("flagship_cost_usd")
                        .decimalValue()
                        .subtract(total.get("cost_usd").decimalValue()));
    }

    @Test
    void spendByDaySince_countsOnlyThoseDays_inATable() {
        seed();

        CliRunner.Result result = cli().run("spend", "--by", "day", "--since", "2026-03-02");

        assertThat(result.status()).isZero();
        assertThat(result.out())
                .contains("Spend by day since 2026-03-02")
                .contains("2026-03-02")
                .contains("2026-03-03")
                .doesNotContain("2026-03-01 ")
                .contains("total")
                .contains("1 of 2 calls have estimated usage");
    }

    @Test
    void spendByModelAndKind_groupByServedModelAndTaskKind() throws Exception {
        seed();
        JsonNode byModel = Json.MAPPER.readTree(cli().run("spend", "--json").out());
        assertThat(byModel.get("by").asText()).isEqualTo("model");
        assertThat(byModel.get("rows").findValuesAsText("key"))
                .containsExactly("gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano");
        JsonNode byKind = Json.MAPPER.readTree(
                cli().run("spend", "--by", "kind", "--json").out());
        assertThat(byKind.get("rows").findValuesAsText("key")).containsExactly("-", "classify", "file_review", "plan");
    }

    @Test
    void emptyHome_reportsNoCalls_withoutCreatingALedger() {
        CliRunner.Result result = cli().run("spend");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("No calls recorded.");
        assertThat(home.resolve("flotilla.db")).doesNotExist();
    }

    @Test
    void badGroupingOrDate_exits2_namingTheValueAndWhatIsAccepted() {
        CliRunner.Result by = cli().run("spend", "--by", "week");
        assertThat(by.status()).isEqualTo(2);
        assertThat(by.err()).contains("--by 'week' is not accepted; accepted: model, day, run, kind");

        CliRunner.Result since = cli().run("spend", "--since", "03/01/2026");
        assertThat(since.status()).isEqualTo(2);
        assertThat(since.err()).contains("--since '03/01/2026' is not a date; accepted: a UTC day as YYYY-MM-DD");
    }

    @Test
    void unsupportedDbUrl_exits2_namingTheAcceptedSchemes() {
        CliRunner.Result result =
                new CliRunner(Map.of("FLOTILLA_HOME", home.toString(), "FLOTILLA_DB_URL", "jdbc:h2:mem")).run("spend");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("FLOTILLA_DB_URL must start with jdbc:postgresql: or jdbc:sqlite:");
    }
}
