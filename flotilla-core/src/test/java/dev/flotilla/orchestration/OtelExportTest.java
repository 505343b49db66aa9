package dev.flotilla.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelExportTest {
    @Test
    void export_keepsTheTreeAndCarriesGenAiAttributes() {
        Catalog catalog = Catalog.bundled();
        Trace trace = new Trace("run-7", Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
        Trace.OpenSpan root = trace.start(SpanKind.RUN, "run", null);
        Trace.OpenSpan subtask = trace.start(SpanKind.SUBTASK, "s1", root.id());
        Usage usage = new Usage(1200, 200, 300, 50);
        Cost cost = Pricing.cost(catalog.require("gpt-5.4-mini"), usage);
        trace.record(new Span(
                trace.newSpanId(),
                subtask.id(),
                SpanKind.MODEL_CALL,
                "gpt-5.4-mini",
                Instant.parse("2026-11-25T10:00:01Z"),
                Duration.ofMillis(800),
                SpanStatus.OK,
                null,
                new ModelCallRecord(
                        "c1",
                        TaskKind.FILE_REVIEW,
                        "gpt-5.4",
                        "gpt-5.4-mini",
                        "downgraded: flagship busy",
                        usage,
                        cost,
                        false,
                        Duration.ofMillis(200),
                        "req-1"),
                Map.of()));
        subtask.ok();
        root.ok();
        InMemorySpanExporter exporter = InMemorySpanExporter.create();

        OtelExport.export(trace, exporter);

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(3);
        SpanData chat = spans.stream()
                .filter(s -> s.getName().equals("chat gpt-5.4-mini"))
                .findFirst()
                .orElseThrow();
        SpanData agent = spans.stream()
                .filter(s -> s.getName().equals("invoke_agent subtask s1"))
                .findFirst()
                .orElseThrow();
        SpanData run = spans.stream()
                .filter(s -> s.getName().equals("invoke_agent flotilla"))
                .findFirst()
                .orElseThrow();
        assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
        assertThat(agent.getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(chat.getTraceId()).isEqualTo(run.getTraceId());
        assertThat(chat.getAttributes().get(OtelExport.REQUEST_MODEL)).isEqualTo("gpt-5.4");
        assertThat(chat.getAttributes().get(OtelExport.RESPONSE_MODEL)).isEqualTo("gpt-5.4-mini");
        assertThat(chat.getAttributes().get(OtelExport.INPUT_TOKENS)).isEqualTo(1200L);
        assertThat(chat.getAttributes().get(OtelExport.OUTPUT_TOKENS)).isEqualTo(300L);
        assertThat(chat.getAttributes().get(OtelExport.CACHED_TOKENS)).isEqualTo(200L);
        assertThat(new BigDecimal(chat.getAttributes().get(OtelExport.COST_USD_EXACT)))
                .isEqualByComparingTo(cost.usd());
        assertThat(chat.getAttributes().get(OtelExport.ROUTE_REASON)).contains("downgraded");
        assertThat(chat.getEndEpochNanos() - chat.getStartEpochNanos()).isEqualTo(800_000_000L);
    }
}
