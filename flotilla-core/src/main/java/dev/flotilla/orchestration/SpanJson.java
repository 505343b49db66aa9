package dev.flotilla.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Spans as JSON: how runs are stored and how {@code flotilla runs show --json} prints them. */
public final class SpanJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SpanJson() {}

    /** A span as a JSON object (model-call spans carry their call record under {@code call}). */
    public static ObjectNode write(Span span) {
        ObjectNode node = JSON.objectNode();
        node.put("id", span.id());
        if (span.parentId() == null) {
            node.putNull("parent_id");
        } else {
            node.put("parent_id", span.parentId());
        }
        node.put("kind", span.kind().wireName());
        node.put("name", span.name());
        node.put("start", span.start().toString());
        node.put("duration_ms", span.duration().toMillis());
        node.put("status", span.status().wireName());
        if (span.error() != null) {
            node.put("error", span.error());
        }
        ObjectNode attributes = node.putObject("attributes");
        span.attributes().forEach(attributes::put);
        span.call().ifPresent(call -> {
            ObjectNode c = node.putObject("call");
            c.put("call_id", call.callId());
            c.put("task_kind", call.kind().wireName());
            c.put("requested_model", call.requestedModel());
            c.put("served_model", call.servedModel());
            c.put("reason", call.reason());
            c.put("input_tokens", call.usage().inputTokens());
            c.put("cached_input_tokens", call.usage().cachedInputTokens());
            c.put("output_tokens", call.usage().outputTokens());
            c.put("reasoning_tokens", call.usage().reasoningTokens());
            // DecimalNode directly: the node factory would strip trailing zeros and change the scale.
            c.set("cost_usd", DecimalNode.valueOf(call.cost().usd()));
            c.set("quota_units", DecimalNode.valueOf(call.cost().quotaUnits()));
            c.put("estimated", call.estimated());
            c.put("ttft_ms", call.timeToFirstToken().toMillis());
            if (call.providerRequestId() != null) {
                c.put("provider_request_id", call.providerRequestId());
            }
        });
        return node;
    }

    private static BigDecimal decimal(JsonNode node) {
        // Read from the text so an exact figure stays exact even when parsed as a double.
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText("0"));
    }

    /**
     * Reads a span written by {@link #write}.
     *
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static Span read(JsonNode node) {
        ModelCallRecord call = null;
        JsonNode c = node.get("call");
        if (c != null && c.isObject()) {
            call = new ModelCallRecord(
                    c.path("call_id").asText(),
                    TaskKind.parse(c.path("task_kind").asText()),
                    c.path("requested_model").asText(),
                    c.path("served_model").asText(),
                    c.path("reason").asText(),
                    new Usage(
                            c.path("input_tokens").asLong(),
                            c.path("cached_input_tokens").asLong(),
                            c.path("output_tokens").asLong(),
                            c.path("reasoning_tokens").asLong()),
                    new Cost(
                            new BigDecimal(c.path("cost_usd").asText("0")),
                            new BigDecimal(c.path("quota_units").asText("0"))),
                    c.path("estimated").asBoolean(),
                    Duration.ofMillis(c.path("ttft_ms").asLong()),
                    c.hasNonNull("provider_request_id")
                            ? c.get("provider_request_id").asText()
                            : null);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        node.path("attributes")
                .properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new Span(
                node.path("id").asText(),
                node.hasNonNull("parent_id") ? node.get("parent_id").asText() : null,
                SpanKind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT)),
                node.path("name").asText(),
                Instant.parse(node.path("start").asText()),
                Duration.ofMillis(node.path("duration_ms").asLong()),
                SpanStatus.valueOf(node.path("status").asText().toUpperCase(Locale.ROOT)),
                node.hasNonNull("error") ? node.get("error").asText() : null,
                call,
                attributes);
    }
}
