package dev.flotilla.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.budget.BudgetLevel;
import dev.flotilla.budget.BudgetLimits;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.BudgetWindow;
import dev.flotilla.budget.EscrowBudgets;
import dev.flotilla.budget.FakeClock;
import dev.flotilla.budget.Reservation;
import dev.flotilla.budget.ReservationRequest;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.InMemoryLedger;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MeterTest {
    private static final Catalog CATALOG = Catalog.bundled();
    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final Meter meter = new Meter(CATALOG, ledger);
    private final ModelCall call = ModelCall.of("c1", "gpt-5.4-mini", List.of(Message.user("hi")), 1_000);
    private final CallContext context = new CallContext("run-1", "span-1", "span-0", "cheapest fit", null);

    private ModelResult result(Usage usage, boolean estimated) {
        return new ModelResult(
                "c1",
                "gpt-5.4-mini",
                "hello",
                List.of(),
                "stop",
                usage,
                estimated,
                "req-1",
                RateLimitSnapshot.NONE,
                Duration.ofMillis(100),
                Duration.ofMillis(900));
    }

    @Test
    void completedCall_isPricedFromItsReportedUsage_cachedTokensAtTheCachedPrice() {
        Usage usage = new Usage(10_000, 8_000, 500, 200);

        CallRecord record = meter.record(CallReport.completed(call, result(usage, false), context, 9_999, T0), null);

        // 2,000 x $0.75 + 8,000 x $0.075 + 500 x $4.50, per 1M
        assertThat(record.cost().usd()).isEqualByComparingTo("0.00435");
        assertThat(record.estimated()).isFalse();
        assertThat(record.outcome()).isEqualTo(CallOutcome.SUCCEEDED);
        assertThat(record.providerRequestId()).isEqualTo("req-1");
        assertThat(record.runId()).isEqualTo("run-1");
        assertThat(record.parentSpanId()).isEqualTo("span-0");
        assertThat(record.routingReason()).isEqualTo("cheapest fit");
        assertThat(record.latency()).isEqualTo(Duration.ofMillis(900));
        assertThat(ledger.call("c1")).contains(record);
    }

    @Test
    void callWithoutUsage_isEstimatedFromTheTokensSeen_andFlagged() {
        CallRecord record = meter.record(
                CallReport.interrupted(call, CallOutcome.CANCELLED, context, 1_200, 300, T0, Duration.ofSeconds(2)),
                null);

        assertThat(record.usage()).isEqualTo(Usage.of(1_200, 300));
        assertThat(record.estimated()).isTrue();
        assertThat(record.cost()).isEqualTo(Pricing.cost(CATALOG.require("gpt-5.4-mini"), Usage.of(1_200, 300)));
        assertThat(record.outcome()).isEqualTo(CallOutcome.CANCELLED);
    }

    @Test
    void brokenStream_isEstimated_andCountsAtLeastTheTokensSeen() {
        StreamEvent.Failed failed = new StreamEvent.Failed(
                new ProviderException.BrokenStream("openai", "gpt-5.4-mini", "req-9", "cut"),
                Usage.of(1_000, 10),
                false,
                true);

        CallRecord record =
                meter.record(CallReport.failed(call, failed, context, 1_000, 40, T0, Duration.ofSeconds(1)), null);

        assertThat(record.outcome()).isEqualTo(CallOutcome.BROKEN_STREAM);
        assertThat(record.estimated()).isTrue();
        assertThat(record.usage()).isEqualTo(Usage.of(1_000, 40));
        assertThat(record.providerRequestId()).isEqualTo("req-9");
    }

    @Test
    void providerErrors_mapToOutcomes() {
        assertThat(CallReport.outcomeOf(new ProviderException.Timeout("p", "m", "slow")))
                .isEqualTo(CallOutcome.TIMED_OUT);
        assertThat(CallReport.outcomeOf(new ProviderException.Cancelled("p", "m", "gone")))
                .isEqualTo(CallOutcome.CANCELLED);
        assertThat(CallReport.outcomeOf(new ProviderException.ServerError("p", "m", 503, null, "down")))
                .isEqualTo(CallOutcome.FAILED);
    }

    @Test
    void sameCallId_isMeteredOnce_howeverOftenAndConcurrentlyReported() throws Exception {
        FakeClock clock = new FakeClock(T0);
        EscrowBudgets budgets = new EscrowBudgets(clock, ledger);
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("1"), BudgetWindow.DAY));
        Reservation reservation =
                budgets.reserve(ReservationRequest.of("c1", "key:a", CATALOG.require("gpt-5.4-mini"), 10_000, 1_000));
        List<Future<CallRecord>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                long output = 100 + i; // each re-report claims a different usage; the first one wins
                futures.add(executor.submit(() -> meter.record(
                        CallReport.completed(call, result(Usage.of(10_000, output), false), context, 10_000, T0),
                        reservation)));
            }
        }
        CallRecord first = futures.getFirst().get();
        for (Future<CallRecord> future : futures) {
            assertThat(future.get()).isEqualTo(first);
        }
        assertThat(ledger.allCalls()).hasSize(1);
        assertThat(reservation.state()).isEqualTo(ReservationState.SETTLED);
        assertThat(budgets.snapshot("key:a").spent().usd())
                .isEqualByComparingTo(first.cost().usd());
    }

    @Test
    void ledgerFailure_stillSettlesTheReservationAtTheCost_andRethrows() {
        FakeClock clock = new FakeClock(T0);
        EscrowBudgets budgets = new EscrowBudgets(clock, ledger);
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("1"), BudgetWindow.DAY));
        Reservation reservation =
                budgets.reserve(ReservationRequest.of("c1", "key:a", CATALOG.require("gpt-5.4-mini"), 10_000, 1_000));
        Meter broken = new Meter(CATALOG, new FailingLedger());

        assertThatThrownBy(() -> broken.record(
                        CallReport.completed(call, result(Usage.of(10_000, 100), false), context, 10_000, T0),
                        reservation))
                .hasMessage("database down");

        assertThat(reservation.state()).isEqualTo(ReservationState.SETTLED);
        assertThat(budgets.snapshot("key:a").spent().usd())
                .isEqualByComparingTo(Pricing.cost(CATALOG.require("gpt-5.4-mini"), Usage.of(10_000, 100))
                        .usd());
    }

    @Test
    void unknownRequestedModel_isRefusedNamingIt() {
        ModelCall odd = ModelCall.of("c2", "gpt-9", List.of(Message.user("hi")), 10);
        assertThatThrownBy(() -> meter.record(
                        CallReport.interrupted(odd, CallOutcome.CANCELLED, context, 1, 1, T0, Duration.ZERO), null))
                .hasMessageContaining("gpt-9");
    }

    /** A ledger whose writes fail. */
    private static final class FailingLedger extends dev.flotilla.ledger.ForwardingLedger {
        FailingLedger() {
            super(new InMemoryLedger());
        }

        @Override
        public boolean record(CallRecord call) {
            throw new IllegalStateException("database down");
        }
    }
}
