package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogCommandsTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString()));
    }

    @Test
    void price_miniMillionInAndOut_is5point25() throws Exception {
        CliRunner.Result r = cli().run("price", "gpt-5.4-mini", "--input", "1000000", "--output", "1000000", "--json");

        assertThat(r.status()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("model").asText()).isEqualTo("gpt-5.4-mini");
        assertThat(json.get("cost_usd").isNumber()).isTrue();
        assertThat(json.get("cost_usd").decimalValue()).isEqualByComparingTo("5.25");
        assertThat(json.get("long_context").asBoolean()).isFalse();
        assertThat(json.get("quota_units").decimalValue()).isEqualByComparingTo("600000");
        assertThat(r.out()).contains("\"cost_usd\" : 5.25");
    }

    @Test
    void price_flagshipAboveThreshold_reportsLongContext() throws Exception {
        JsonNode over =
                Json.MAPPER.readTree(cli().run("price", "gpt-5.4", "--input", "300000", "--output", "1000", "--json")
                        .out());
        JsonNode at = Json.MAPPER.readTree(cli().run("price", "gpt-5.4", "--input", "272000", "--output", "0", "--json")
                .out());

        assertThat(over.get("cost_usd").decimalValue()).isEqualTo(new BigDecimal("1.5225"));
        assertThat(over.get("long_context").asBoolean()).isTrue();
        assertThat(at.get("cost_usd").decimalValue()).isEqualTo(new BigDecimal("0.68"));
        assertThat(at.get("long_context").asBoolean()).isFalse();
    }

    @Test
    void price_table_showsEachTerm() {
        CliRunner.Result r = cli().run("price", "gpt-5.4", "--input", "1000", "--cached", "400", "--output", "10");

        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("uncached input")
                .contains("600 tokens x $2.5")
                .contains("400 tokens x $0.25")
                .contains("$0.00175"); // 600 x 2.5 + 400 x 0.25 + 10 x 15, per 1M
    }

    @Test
    void price_unknownModel_exits2WithOneLineNamingKnownModels() {
        CliRunner.Result r = cli().run("price", "gpt-9", "--input", "1");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("unknown model 'gpt-9'").contains("gpt-5.4-mini");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "abc", "1.5"})
    void price_badCount_exits2NamingTheOption(String value) {
        CliRunner.Result r = cli().run("price", "gpt-5.4", "--input", "10", "--output", value);

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("--output").contains(value);
    }

    @Test
    void price_cachedAboveInput_exits2() {
        CliRunner.Result r = cli().run("price", "gpt-5.4", "--input", "10", "--cached", "11");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--cached 11 must not exceed --input 10");
    }

    @Test
    void models_listsEveryModelWithPrices() throws Exception {
        CliRunner.Result table = cli().run("models");
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains("gpt-5.4-nano").contains("$0.075~").contains("1,050,000");

        JsonNode json = Json.MAPPER.readTree(cli().run("models", "--json").out());
        assertThat(json).hasSize(4);
        assertThat(json.get(1).get("id").asText()).isEqualTo("gpt-5.4-mini");
        assertThat(json.get(1).get("quota_weight").decimalValue()).isEqualByComparingTo("0.30");
    }

    @Test
    void models_readsTheCatalogInFlotillaHome() throws Exception {
        Files.writeString(home.resolve("catalog.yaml"), "models:\n  - id: gpt-5.4-nano\n    prices: { output: 1.5 }\n");

        JsonNode json =
                Json.MAPPER.readTree(cli().run("price", "gpt-5.4-nano", "--input", "0", "--output", "1000000", "--json")
                        .out());

        assertThat(json.get("cost_usd").decimalValue()).isEqualByComparingTo("1.5");
    }

    @Test
    void invalidCatalogFile_exits2NamingTheField() throws Exception {
        Path bad = Files.writeString(home.resolve("bad.yaml"), "models:\n  - id: gpt-5.4\n    prices: { input: -1 }\n");

        CliRunner.Result r = cli().run("models", "--catalog", bad.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString()).contains("prices.input").contains("-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "models", "price"})
    void everyCommand_hasHelpAndVersion(String command) {
        String[] help = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        String[] version = command.isEmpty() ? new String[] {"--version"} : new String[] {command, "--version"};

        CliRunner.Result h = cli().run(help);
        CliRunner.Result v = cli().run(version);

        assertThat(h.status()).isZero();
        assertThat(h.out()).contains("Usage: flotilla");
        assertThat(v.status()).isZero();
        assertThat(v.out()).startsWith("flotilla ").doesNotContain("unknown");
    }
}
