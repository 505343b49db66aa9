package dev.flotilla.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.orchestration.RunSummary;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ReviewReport report(boolean simulated) {
        Catalog catalog = Catalog.bundled();
        Map<String, RunSummary.ModelTotals> byModel = new LinkedHashMap<>();
        Usage nano = Usage.of(4_000, 500);
        Usage mini = new Usage(60_000, 20_000, 6_000, 1_000);
        Usage flagship = Usage.of(30_000, 3_000);
        byModel.put(
                "gpt-5.4-nano",
                new RunSummary.ModelTotals(2, nano, Pricing.cost(catalog.require("gpt-5.4-nano"), nano)));
        byModel.put(
                "gpt-5.4", new RunSummary.ModelTotals(2, flagship, Pricing.cost(catalog.require("gpt-5.4"), flagship)));
        byModel.put(
                "gpt-5.4-mini",
                new RunSummary.ModelTotals(6, mini, Pricing.cost(catalog.require("gpt-5.4-mini"), mini)));
        Cost total = byModel.values().stream().map(RunSummary.ModelTotals::cost).reduce(Cost.ZERO, Cost::plus);
        Cost flagshipOnly =
                Pricing.cost(catalog.require("gpt-5.4"), nano.plus(mini).plus(flagship));
        RunSummary summary = new RunSummary(byModel, total, flagshipOnly, "gpt-5.4", Duration.ofMillis(4321));
        List<Finding> findings = List.of(
                new Finding(
                        "src/main/java/Db.java",
                        12,
                        14,
                        Severity.HIGH,
                        "security",
                        "SQL built by string concatenation",
                        "\"SELECT * FROM users WHERE name = '\" + name + \"'\"",
                        "s2",
                        "gpt-5.4-mini"),
                new Finding(
                        "app/util.py",
                        7,
                        7,
                        Severity.LOW,
                        "maintainability",
                        "exception swallowed",
                        "except Exception: pass",
                        "s3",
                        "gpt-5.4-mini"));
        return new ReviewReport(
                "fixtures/sample-repo",
                simulated,
                "run-42",
                findings,
                5,
                List.of("subtask s4 failed: rate limited"),
                summary);
    }

    @Test
    void sarif_isValidAgainstTheOfficialSarif210Schema() throws Exception {
        JsonNode schemaNode = JSON.readTree(Files.readString(SarifSchema.path()));
        Schema schema =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schemaNode);

        JsonNode sarif = JSON.readTree(ReportFormat.SARIF.render(report(true), "0.1.0"));

        List<Error> errors = schema.validate(sarif);
        assertThat(errors).as("SARIF schema errors").isEmpty();
        JsonNode result = sarif.at("/runs/0/results/0");
        assertThat(result.at("/ruleId").asText()).isEqualTo("flotilla/security");
        assertThat(result.at("/level").asText()).isEqualTo("error");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asText())
                .isEqualTo("src/main/java/Db.java");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt())
                .isEqualTo(12);
        assertThat(sarif.at("/runs/0/tool/driver/rules/"
                                + result.at("/ruleIndex").asInt() + "/id")
                        .asText())
                .isEqualTo("flotilla/security");
        assertThat(sarif.at("/runs/0/properties/simulated").asBoolean()).isTrue();
    }

    @Test
    void sarif_missingRequiredParts_isRejectedByTheSchema() throws Exception {
        // Guards the check above: the schema validator really rejects a broken log.
        JsonNode schemaNode = JSON.readTree(Files.readString(SarifSchema.path()));
        Schema schema =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schemaNode);
        var broken = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(ReportFormat.SARIF.render(report(false), "0.1.0"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/runs/0/results/0")).remove("message");

        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void json_hasSimulatedFindingsAndSummary() throws Exception {
        JsonNode json = JSON.readTree(ReportFormat.JSON.render(report(true), "0.1.0"));

        assertThat(json.fieldNames().next()).isEqualTo("simulated");
        assertThat(json.get("simulated").asBoolean()).isTrue();
        assertThat(json.get("findings")).hasSize(2);
        assertThat(json.at("/findings/0/model").asText()).isEqualTo("gpt-5.4-mini");
        JsonNode summary = json.get("summary");
        assertThat(summary.at("/calls_by_model/gpt-5.4-mini").asInt()).isEqualTo(6);
        assertThat(summary.get("cost_usd").isNumber()).isTrue();
        assertThat(summary.get("flagship_only_cost_usd").decimalValue())
                .isGreaterThan(summary.get("cost_usd").decimalValue());
        assertThat(summary.get("wall_ms").asLong()).isEqualTo(4321);
    }

    @Test
    void markdown_saysSimulatedInItsFirstLine_andEndsWithTheSummary() {
        String md = ReportFormat.MD.render(report(true), "0.1.0");

        assertThat(md.lines().findFirst().orElseThrow()).contains("SIMULATED REVIEW");
        assertThat(md)
                .contains("### 1. HIGH · security · `src/main/java/Db.java:12-14`")
                .contains("_Found by sub-agent s2 on gpt-5.4-mini._")
                .contains("| gpt-5.4-mini | 6 |")
                .contains("subtask s4 failed");
        assertThat(md.strip().lines().toList().getLast())
                .contains("alone would have cost")
                .contains("% of that");
        assertThat(ReportFormat.MD.render(report(false), "0.1.0")).doesNotContain("SIMULATED");
    }

    @Test
    void parse_unknownFormat_namesTheAcceptedOnes() {
        assertThat(ReportFormat.parse("sarif")).isEqualTo(ReportFormat.SARIF);
        assertThatThrownBy(() -> ReportFormat.parse("html"))
                .hasMessage("unknown format 'html'; accepted: md, sarif, json");
    }
}
