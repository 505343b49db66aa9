package dev.flotilla.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetLevel;
import dev.flotilla.budget.BudgetLimits;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.BudgetWindow;
import dev.flotilla.budget.FakeClock;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every ledger must do; each implementation's test extends this. */
public abstract class LedgerContract {
    protected static final Catalog CATALOG = Catalog.bundled();
    protected static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    /** A fresh, empty ledger. */
    protected abstract Ledger newLedger();

    public static Stream<Long> seeds() {
        return LongStream.range(0, 12).mapToObj(i -> 0x1ED6E2L + i);
    }

    public static CallRecord randomCall(SplittableRandom random, int i) {
        List<ModelSpec> models = CATALOG.models();
        ModelSpec model = models.get(random.nextInt(models.size()));
        long input = random.nextLong(0, 400_000);
        long cached = random.nextLong(0, input + 1);
        long output = random.nextLong(0, 20_000);
        Usage usage = new Usage(input, cached, output, random.nextLong(0, output + 1));
        TaskKind[] kinds = TaskKind.values();
        return new CallRecord(
                "call-" + i,
                random.nextInt(5) == 0 ? null : "run-" + random.nextInt(6),
                "span-" + i,
                random.nextBoolean() ? null : "span-p",
                random.nextInt(4) == 0 ? null : kinds[random.nextInt(kinds.length)],
                model.id(),
                model.id(),
                "reason " + i,
                usage,
                Pricing.cost(model, usage),
                random.nextInt(8) == 0,
                Duration.ofMillis(random.nextLong(0, 60_000)),
                CallOutcome.values()[random.nextInt(CallOutcome.values().length)],
                random.nextBoolean() ? null : "req-" + i,
                null,
                T0.plus(Duration.ofMinutes(random.nextLong(-60 * 24 * 40, 60 * 24 * 40))));
    }

    @Test
    void record_isIdempotentByCallId_andRoundTripsEveryField() {
        try (Ledger ledger = newLedger()) {
            CallRecord call = randomCall(new SplittableRandom(1), 1);
            assertThat(ledger.record(call)).isTrue();
            CallRecord other = randomCall(new SplittableRandom(2), 1);
            assertThat(ledger.record(other)).isFalse();
            assertThat(ledger.call("call-1")).hasValueSatisfying(read -> assertSameCall(read, call));
            assertThat(ledger.calls(Instant.EPOCH)).hasSize(1);
            assertThat(ledger.call("nope")).isEmpty();
        }
    }

    @Test
    void runsBudgetsAndReservations_roundTrip() {
        try (Ledger ledger = newLedger()) {
            RunRecord run = RunRecord.started("run-1", "review the repo", T0);
            ledger.saveRun(run);
            ledger.saveRun(run.ended(RunStatus.SUCCEEDED, T0.plusSeconds(60)));
            assertThat(ledger.runs()).containsExactly(run.ended(RunStatus.SUCCEEDED, T0.plusSeconds(60)));

            BudgetSpec key = BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("1.5"), BudgetWindow.DAY);
            BudgetSpec sub = new BudgetSpec(
                    "run:1", "key:a", BudgetLevel.RUN, new BudgetLimits(null, 10L, BigDecimal.TEN), BudgetWindow.RUN);
            ledger.saveBudget(key);
            ledger.saveBudget(sub);
            ledger.saveBudget(sub);
            assertThat(ledger.budgets()).containsExactlyInAnyOrder(key, sub);

            ReservationRecord open = new ReservationRecord(
                    "c1",
                    "run:1",
                    "run-1",
                    "gpt-5.4",
                    2_000,
                    3_000,
                    new Amount(new BigDecimal("0.05"), 5_000, new BigDecimal("5000")),
                    ReservationState.OPEN,
                    T0,
                    null);
            ledger.reservationOpened(open);
            ledger.reservationOpened(open);
            ledger.reservationClosed("c1", ReservationState.SETTLED, T0.plusSeconds(1));
            ledger.reservationClosed("c1", ReservationState.RELEASED, T0.plusSeconds(2));
            assertThat(ledger.reservations()).singleElement().satisfies(r -> {
                assertThat(r.state()).isEqualTo(ReservationState.SETTLED);
                assertThat(r.closedAt()).isEqualTo(T0.plusSeconds(1));
                assertThat(r.worstCase().usd()).isEqualByComparingTo("0.05");
                assertThat(r.maxOutputTokens()).isEqualTo(3_000);
            });
        }
    }

    @Test
    void reconcile_settlesRecordedCalls_releasesTheRest_andMarksThemAbandoned() {
        try (Ledger ledger = newLedger()) {
            Amount worst = new Amount(new BigDecimal("0.05"), 5_000, new BigDecimal("5000"));
            ledger.reservationOpened(new ReservationRecord(
                    "done", "run:1", "r", "gpt-5.4", 2_000, 3_000, worst, ReservationState.OPEN, T0, null));
            ledger.reservationOpened(new ReservationRecord(
                    "lost", "run:1", "r", "gpt-5.4", 2_000, 3_000, worst, ReservationState.OPEN, T0, null));
            CallRecord done = randomCall(new SplittableRandom(3), 0);
            done = new CallRecord(
                    "done",
                    "r",
                    null,
                    null,
                    null,
                    "gpt-5.4",
                    "gpt-5.4",
                    "",
                    done.usage(),
                    Pricing.cost(CATALOG.require("gpt-5.4"), done.usage()),
                    false,
                    Duration.ZERO,
                    CallOutcome.SUCCEEDED,
                    null,
                    "run:1",
                    T0);
            ledger.record(done);

            ReconcileReport report = ledger.reconcile(new FakeClock(T0.plusSeconds(5)));

            assertThat(report.settled()).containsExactly("done");
            assertThat(report.abandoned()).containsExactly("lost");
            assertThat(ledger.calls(Instant.EPOCH)).hasSize(2);
            assertThat(ledger.call("lost")).hasValueSatisfying(c -> {
                assertThat(c.outcome()).isEqualTo(CallOutcome.ABANDONED);
                assertThat(c.estimated()).isTrue();
                assertThat(c.cost().usd()).isEqualByComparingTo("0");
            });
            assertThat(ledger.reservations())
                    .extracting(ReservationRecord::state)
                    .containsExactlyInAnyOrder(ReservationState.SETTLED, ReservationState.RELEASED);
            assertThat(ledger.reconcile(new FakeClock(T0.plusSeconds(9))).isClean())
                    .isTrue();
        }
    }

    @Test
    void spent_sumsTheBudgetAndEveryBudgetBelowIt_sinceTheWindowStart() {
        try (Ledger ledger = newLedger()) {
            ledger.saveBudget(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.UNLIMITED, BudgetWindow.DAY));
            ledger.saveBudget(BudgetSpec.run("run:1", "key:a", BudgetLimits.UNLIMITED));
            ledger.saveBudget(BudgetSpec.subtask("run:1/s", "run:1", BudgetLimits.UNLIMITED));
            ledger.saveBudget(BudgetSpec.root("key:b", BudgetLevel.KEY, BudgetLimits.UNLIMITED, BudgetWindow.DAY));
            ModelSpec model = CATALOG.require("gpt-5.4-nano");
            String[] budgets = {"key:a", "run:1", "run:1/s", "key:b", "run:1/s"};
            BigDecimal expectA = BigDecimal.ZERO;
            for (int i = 0; i < budgets.length; i++) {
                Usage usage = Usage.of(1_000 * (i + 1), 100);
                Instant at = i == 0 ? T0.minus(Duration.ofDays(1)) : T0;
                ledger.record(new CallRecord(
                        "c" + i,
                        null,
                        null,
                        null,
                        null,
                        model.id(),
                        model.id(),
                        "",
                        usage,
                        Pricing.cost(model, usage),
                        false,
                        Duration.ZERO,
                        CallOutcome.SUCCEEDED,
                        null,
                        budgets[i],
                        at));
                if (i != 0 && !budgets[i].equals("key:b")) {
                    expectA = expectA.add(Pricing.cost(model, usage).usd());
                }
            }
            Amount spent = ledger.spent("key:a", BudgetWindow.DAY.start(T0));
            assertThat(spent.usd()).isEqualByComparingTo(expectA);
            assertThat(spent.tokens()).isEqualTo(2_100 + 3_100 + 5_100);
            assertThat(ledger.spent("key:b", Instant.EPOCH).tokens()).isEqualTo(4_100);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void spendTotals_byModelDayRunAndKind_alwaysAgreeWithTheSumOfCalls(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Ledger ledger = newLedger()) {
            List<CallRecord> written = new ArrayList<>();
            int n = random.nextInt(1, 120);
            for (int i = 0; i < n; i++) {
                CallRecord call = randomCall(random, i);
                ledger.record(call);
                written.add(call);
                if (random.nextInt(10) == 0) {
                    ledger.record(randomCall(random, i)); // a re-report: must not count twice
                }
            }
            Instant since = random.nextBoolean() ? Instant.EPOCH : T0.minus(Duration.ofDays(random.nextInt(0, 40)));
            List<CallRecord> expected =
                    written.stream().filter(c -> !c.startedAt().isBefore(since)).toList();
            ModelSpec flagship = CATALOG.flagship();
            for (SpendGrouping grouping : SpendGrouping.values()) {
                SpendTotals.Report report =
                        SpendTotals.of(ledger.calls(since), grouping, usage -> Pricing.cost(flagship, usage));
                // The total is the plain sum of the calls.
                assertThat(report.total().calls()).isEqualTo(expected.size());
                assertThat(report.total().cost().usd())
                        .isEqualByComparingTo(
                                expected.stream().map(c -> c.cost().usd()).reduce(BigDecimal.ZERO, BigDecimal::add));
                // Each group is the sum of its calls, and the groups add up to the total.
                Map<String, BigDecimal> byKey = new TreeMap<>();
                Map<String, Long> cachedByKey = new TreeMap<>();
                for (CallRecord c : expected) {
                    byKey.merge(grouping.keyOf(c), c.cost().usd(), BigDecimal::add);
                    cachedByKey.merge(grouping.keyOf(c), c.usage().cachedInputTokens(), Long::sum);
                }
                assertThat(report.rows()).extracting(SpendTotals::key).containsExactlyElementsOf(byKey.keySet());
                BigDecimal rowsUsd = BigDecimal.ZERO;
                BigDecimal rowsFlagship = BigDecimal.ZERO;
                long rowsCalls = 0;
                for (SpendTotals row : report.rows()) {
                    assertThat(row.cost().usd())
                            .as(grouping + " " + row.key())
                            .isEqualByComparingTo(byKey.get(row.key()));
                    assertThat(row.usage().cachedInputTokens()).isEqualTo(cachedByKey.get(row.key()));
                    rowsUsd = rowsUsd.add(row.cost().usd());
                    rowsFlagship = rowsFlagship.add(row.flagshipCost().usd());
                    rowsCalls += row.calls();
                }
                assertThat(rowsUsd).isEqualByComparingTo(report.total().cost().usd());
                assertThat(rowsFlagship)
                        .isEqualByComparingTo(report.total().flagshipCost().usd());
                assertThat(rowsCalls).isEqualTo(report.total().calls());
            }
        }
    }

    protected static void assertSameCall(CallRecord read, CallRecord written) {
        assertThat(read.cost().usd()).isEqualByComparingTo(written.cost().usd());
        assertThat(read.cost().quotaUnits()).isEqualByComparingTo(written.cost().quotaUnits());
        assertThat(new CallRecord(
                        read.callId(),
                        read.runId(),
                        read.spanId(),
                        read.parentSpanId(),
                        read.taskKind(),
                        read.requestedModel(),
                        read.servedModel(),
                        read.routingReason(),
                        read.usage(),
                        written.cost(),
                        read.estimated(),
                        read.latency(),
                        read.outcome(),
                        read.providerRequestId(),
                        read.budgetId(),
                        read.startedAt()))
                .isEqualTo(written);
    }
}
