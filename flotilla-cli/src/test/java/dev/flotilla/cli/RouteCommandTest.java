package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteCommandTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString()));
    }

    private JsonNode json(String... args) throws Exception {
        CliRunner.Result r = cli().run(args);
        assertThat(r.status()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @ParameterizedTest
    @CsvSource({"classify, gpt-5.4-nano", "plan, gpt-5.4", "file_review, gpt-5.4-mini", "judge, gpt-5.4"})
    void route_kind_picksTheBalancedTier(String kind, String model) throws Exception {
        JsonNode j = json("route", "--kind", kind, "--json");

        assertThat(j.get("model").asText()).isEqualTo(model);
        assertThat(j.get("reason").asText()).isNotBlank();
        assertThat(j.get("rejected")).hasSize(3);
        for (JsonNode r : j.get("rejected")) {
            assertThat(r.get("model").asText()).isNotBlank();
            assertThat(r.get("reason").asText()).isNotBlank();
        }
    }

    @Test
    void route_classifyTooLargeForNano_picksTheFlagship() throws Exception {
        JsonNode j = json("route", "--kind", "classify", "--input-tokens", "600000", "--json");

        assertThat(j.get("model").asText()).isEqualTo("gpt-5.4");
        assertThat(j.get("reason").asText()).contains("higher tier");
    }

    @Test
    void route_text_showsReasonAndRejected() {
        CliRunner.Result r = cli().run("route", "--kind", "classify");

        assertThat(r.status()).isZero();
        assertThat(r.out())
                .startsWith("gpt-5.4-nano")
                .contains("why: ")
                .contains("rejected:")
                .contains("gpt-5-mini");
    }

    @Test
    void route_badKind_exits2NamingTheAcceptedKinds() {
        CliRunner.Result r = cli().run("route", "--kind", "summarize");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("'summarize'").contains("classify").contains("file_review");
    }

    @Test
    void route_badCapability_exits2NamingTheAcceptedOnes() {
        CliRunner.Result r = cli().run("route", "--kind", "plan", "--needs", "tools,telepathy");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("'telepathy'").contains("structured_output");
    }

    @Test
    void route_badPolicy_exits2NamingTheAcceptedOnes() {
        CliRunner.Result r = cli().run("route", "--kind", "plan", "--policy", "fastest");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("'fastest'").contains("balanced, cheapest, quality");
    }

    @Test
    void route_configFile_addsAPolicy() throws Exception {
        Files.writeString(home.resolve("config.yaml"), """
                budget: { daily: 5 }   # another feature's key: left alone
                routing:
                  defaultPolicy: frugal-planner
                  policies:
                    frugal-planner:
                      extends: balanced
                      kinds:
                        plan: { tiers: [mini] }
                """);

        assertThat(json("route", "--kind", "plan", "--json").get("model").asText())
                .isEqualTo("gpt-5.4-mini");
        assertThat(json("route", "--kind", "plan", "--policy", "balanced", "--json")
                        .get("model")
                        .asText())
                .isEqualTo("gpt-5.4");
    }

    @Test
    void route_invalidConfig_exits2NamingFileAndField() throws Exception {
        Path file = home.resolve("bad.yaml");
        Files.writeString(
                file,
                "routing:\n  policies:\n    mine:\n      extends: balanced\n      kinds:\n        plan: { tiers: [huge] }\n");

        CliRunner.Result r = cli().run("route", "--kind", "plan", "--config", file.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err())
                .contains("bad.yaml")
                .contains("policy 'mine'")
                .contains("kinds.plan")
                .contains("'huge'");
    }

    @Test
    void route_nothingFits_exits1AndPrintsTheRejections() throws Exception {
        CliRunner.Result r = cli().run("route", "--kind", "plan", "--input-tokens", "5000000", "--json");

        assertThat(r.status()).isEqualTo(1);
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("model").isNull()).isTrue();
        assertThat(j.get("rejected")).hasSize(4);
    }
}
