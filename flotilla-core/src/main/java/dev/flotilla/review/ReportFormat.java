package dev.flotilla.review;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.metering.Cost;
import dev.flotilla.orchestration.RunSummary;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** How a review report is written: Markdown for people, SARIF 2.1.0 for code scanning, JSON for tools. */
public enum ReportFormat {
    MD,
    SARIF,
    JSON;

    /** The line every simulated report starts with (Markdown), or carries first (JSON, SARIF). */
    public static final String SIMULATED_NOTICE = "SIMULATED REVIEW: no real model was called. Findings come from"
            + " Flotilla's simulator reading your files with the real tools; routing, token counts, costs and"
            + " the ledger are real. Set OPENAI_API_KEY for a live review.";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * Parses a format name: md, sarif or json.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static ReportFormat parse(String name) {
        for (ReportFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; accepted: md, sarif, json");
    }

    /** Writes the report in this format. */
    public String render(ReviewReport report, String toolVersion) {
        return switch (this) {
            case MD -> markdown(report);
            case SARIF -> write(sarif(report, toolVersion));
            case JSON -> write(json(report));
        };
    }

    static String markdown(ReviewReport report) {
        StringBuilder md = new StringBuilder();
        if (report.simulated()) {
            md.append("> **").append(SIMULATED_NOTICE).append("**\n\n");
        }
        md.append("# Flotilla review of `").append(report.target()).append("`\n\n");
        Map<Severity, Long> bySeverity = new LinkedHashMap<>();
        report.findings().forEach(f -> bySeverity.merge(f.severity(), 1L, Long::sum));
        md.append(report.findings().size()).append(report.findings().size() == 1 ? " finding" : " findings");
        if (!bySeverity.isEmpty()) {
            md.append(" (");
            md.append(String.join(
                    ", ",
                    bySeverity.entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getValue() + " " + e.getKey().wireName())
                            .toList()));
            md.append(')');
        }
        md.append(" in ")
                .append(report.filesReviewed())
                .append(" files reviewed. Run `")
                .append(report.runId())
                .append("`.\n\n");
        if (!report.findings().isEmpty()) {
            md.append("## Findings\n\n");
            int n = 0;
            for (Finding f : report.findings()) {
                md.append("### ")
                        .append(++n)
                        .append(". ")
                        .append(f.severity().wireName().toUpperCase(Locale.ROOT))
                        .append(" · ")
                        .append(f.category())
                        .append(" · `")
                        .append(f.location())
                        .append("`\n\n");
                md.append(f.message()).append("\n\n");
                if (!f.evidence().isBlank()) {
                    md.append("```\n").append(f.evidence().strip()).append("\n```\n\n");
                }
                md.append("_Found by sub-agent ")
                        .append(f.subtask())
                        .append(" on ")
                        .append(f.model())
                        .append("._\n\n");
            }
        }
        if (!report.notes().isEmpty()) {
            md.append("## Notes\n\n");
            report.notes().forEach(note -> md.append("- ").append(note).append('\n'));
            md.append('\n');
        }
        md.append(summaryMarkdown(report.summary()));
        return md.toString();
    }

    /** The summary table that ends every Markdown report (also used by {@code flotilla ask}). */
    public static String summaryMarkdown(RunSummary summary) {
        StringBuilder md = new StringBuilder("## Summary\n\n");
        md.append("| model | calls | input tokens | cached | output tokens | cost (USD) |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        summary.byModel()
                .forEach((model, t) -> md.append("| ")
                        .append(model)
                        .append(" | ")
                        .append(t.calls())
                        .append(" | ")
                        .append(String.format("%,d", t.usage().inputTokens()))
                        .append(" | ")
                        .append(String.format("%,d", t.usage().cachedInputTokens()))
                        .append(" | ")
                        .append(String.format("%,d", t.usage().outputTokens()))
                        .append(" | ")
                        .append(money(t.cost().usd()))
                        .append(" |\n"));
        md.append("| **total** | ")
                .append(summary.calls())
                .append(" | | | | **")
                .append(money(summary.total().usd()))
                .append("** |\n\n");
        md.append("Wall time ")
                .append(seconds(summary.wall().toMillis()))
                .append(". The same tokens on ")
                .append(summary.flagshipId())
                .append(" alone would have cost ")
                .append(money(summary.flagshipOnly().usd()))
                .append(": this run cost ")
                .append(summary.shareOfFlagshipOnly()
                        .movePointRight(2)
                        .setScale(1, RoundingMode.HALF_UP)
                        .toPlainString())
                .append("% of that.\n");
        return md.toString();
    }

    static ObjectNode json(ReviewReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("simulated", report.simulated());
        if (report.simulated()) {
            root.put("notice", SIMULATED_NOTICE);
        }
        root.put("target", report.target());
        root.put("run_id", report.runId());
        root.put("files_reviewed", report.filesReviewed());
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            ObjectNode item = findings.addObject();
            item.put("file", f.file());
            item.put("start_line", f.startLine());
            item.put("end_line", f.endLine());
            item.put("severity", f.severity().wireName());
            item.put("category", f.category());
            item.put("message", f.message());
            item.put("evidence", f.evidence());
            item.put("subtask", f.subtask());
            item.put("model", f.model());
        }
        report.notes().forEach(root.putArray("notes")::add);
        root.set("summary", summaryJson(report.summary()));
        return root;
    }

    /** The summary as JSON: calls, tokens and cost by model, totals and the flagship-only cost. */
    public static ObjectNode summaryJson(RunSummary summary) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode calls = node.putObject("calls_by_model");
        ObjectNode tokens = node.putObject("tokens_by_model");
        ObjectNode costs = node.putObject("cost_by_model");
        summary.byModel().forEach((model, t) -> {
            calls.put(model, t.calls());
            ObjectNode tok = tokens.putObject(model);
            tok.put("input", t.usage().inputTokens());
            tok.put("cached_input", t.usage().cachedInputTokens());
            tok.put("output", t.usage().outputTokens());
            tok.put("reasoning", t.usage().reasoningTokens());
            costs.put(model, exact(t.cost().usd()));
        });
        node.put("calls", summary.calls());
        node.put("cost_usd", exact(summary.total().usd()));
        node.put("flagship_only_cost_usd", exact(summary.flagshipOnly().usd()));
        node.put("flagship_model", summary.flagshipId());
        node.put("share_of_flagship_only", summary.shareOfFlagshipOnly());
        node.put("wall_ms", summary.wall().toMillis());
        return node;
    }

    static ObjectNode sarif(ReviewReport report, String toolVersion) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Flotilla");
        driver.put("version", toolVersion);
        driver.put("informationUri", "https://flotilla.dev");
        ArrayNode rules = driver.putArray("rules");
        TreeSet<String> categories = new TreeSet<>();
        report.findings().forEach(f -> categories.add(f.category()));
        for (String category : categories) {
            ObjectNode rule = rules.addObject();
            rule.put("id", "flotilla/" + category);
            rule.put("name", Character.toUpperCase(category.charAt(0)) + category.substring(1));
            rule.putObject("shortDescription").put("text", "Flotilla " + category + " finding");
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", "flotilla/" + f.category());
            result.put("ruleIndex", categories.headSet(f.category()).size());
            result.put("level", f.severity().sarifLevel());
            result.putObject("message").put("text", f.message());
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", f.file()).put("uriBaseId", "%SRCROOT%");
            ObjectNode region = physical.putObject("region");
            region.put("startLine", f.startLine());
            region.put("endLine", f.endLine());
            if (!f.evidence().isBlank()) {
                region.putObject("snippet").put("text", f.evidence());
            }
            result.putObject("partialFingerprints")
                    .put(
                            "flotillaFindingHash/v1",
                            fingerprint(f.file() + "|" + f.category() + "|"
                                    + f.evidence().strip()));
            ObjectNode props = result.putObject("properties");
            props.put("severity", f.severity().wireName());
            props.put("subtask", f.subtask());
            props.put("model", f.model());
            props.put("simulated", report.simulated());
        }
        run.putArray("invocations").addObject().put("executionSuccessful", true);
        ObjectNode props = run.putObject("properties");
        props.put("simulated", report.simulated());
        if (report.simulated()) {
            props.put("notice", SIMULATED_NOTICE);
        }
        props.put("runId", report.runId());
        props.set("summary", summaryJson(report.summary()));
        return root;
    }

    private static String fingerprint(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static BigDecimal exact(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private static String money(BigDecimal usd) {
        BigDecimal shown = usd.compareTo(new BigDecimal("0.01")) < 0
                ? usd.setScale(6, RoundingMode.HALF_UP)
                : usd.setScale(4, RoundingMode.HALF_UP);
        return "$" + Cost.plain(shown);
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis)
                        .movePointLeft(3)
                        .setScale(1, RoundingMode.HALF_UP)
                        .toPlainString() + " s";
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
