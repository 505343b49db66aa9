package dev.flotilla.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.ledger.RunStatus;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.orchestration.ModelCallRecord;
import dev.flotilla.orchestration.RunStore;
import dev.flotilla.orchestration.Span;
import dev.flotilla.orchestration.SpanKind;
import dev.flotilla.orchestration.SpanStatus;
import dev.flotilla.routing.TaskKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcRunStoreTest {
    @TempDir
    Path dir;

    @Test
    void checkpointsPlanJobAndSpans_surviveReopening() {
        StoreConfig config = StoreConfig.sqlite(dir.resolve("flotilla.db"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        Usage usage = new Usage(1000, 100, 200, 0);
        ModelCallRecord call = new ModelCallRecord(
                "run-1/c1",
                TaskKind.FILE_REVIEW,
                "auto",
                "gpt-5.4-mini",
                "route: balanced",
                usage,
                Pricing.cost(Catalog.bundled().require("gpt-5.4-mini"), usage),
                false,
                Duration.ofMillis(300),
                "req-9");
        Span span = new Span(
                "run-1.3",
                "run-1.2",
                SpanKind.MODEL_CALL,
                "gpt-5.4-mini",
                Instant.parse("2026-11-25T12:00:01Z"),
                Duration.ofMillis(900),
                SpanStatus.OK,
                null,
                call,
                Map.of("k", "v"));
        try (JdbcLedger ledger = JdbcLedger.open(config, clock)) {
            RunStore store = ledger.runStore();
            store.runStarted("run-1", "review the repo\nwith care");
            store.jobSaved("run-1", "{\"job\":\"review\",\"path\":\".\"}");
            store.planSaved("run-1", "{\"subtasks\":[]}");
            store.subtaskFinished("run-1", "s1", "out 1");
            store.subtaskFinished("run-1", "s1", "a second report of s1 changes nothing");
            store.spanRecorded("run-1", span);
            store.spanRecorded("run-1", span);
        }
        try (JdbcLedger ledger = JdbcLedger.open(config, clock)) {
            RunStore.StoredRun run = ledger.runStore().load("run-1").orElseThrow();
            assertThat(run.task()).isEqualTo("review the repo\nwith care");
            assertThat(run.job()).contains("\"review\"");
            assertThat(run.planJson()).isEqualTo("{\"subtasks\":[]}");
            assertThat(run.finished()).containsExactly(Map.entry("s1", "out 1"));
            assertThat(run.status()).isEqualTo("running");
            assertThat(ledger.runStore().spans("run-1")).containsExactly(span);
            assertThat(ledger.run("run-1").orElseThrow().description()).isEqualTo("review the repo");

            ledger.runStore().runFinished("run-1", "ok", "answer");
            assertThat(ledger.run("run-1").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(ledger.runStore().load("missing")).isEmpty();
        }
    }
}
