package dev.flotilla.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.ledger.InMemoryLedger;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EscrowBudgetsTest {
    private static final Catalog CATALOG = Catalog.bundled();
    // gpt-5.4: 2,000 input x $2.50/1M + 3,000 output x $15/1M = $0.05 worst case.
    private static final ModelSpec FLAGSHIP = CATALOG.require("gpt-5.4");

    private final FakeClock clock = new FakeClock("2026-03-10T12:00:00Z");
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final EscrowBudgets budgets = new EscrowBudgets(clock, ledger);

    private static ReservationRequest call(String id, String budget) {
        return ReservationRequest.of(id, budget, FLAGSHIP, 2_000, 3_000);
    }

    private void oneDollarRun() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("1.00"), BudgetWindow.DAY));
        budgets.define(BudgetSpec.run("run:1", "key:a", BudgetLimits.UNLIMITED));
    }

    @Test
    void reserve_holdsTheWorstCaseAgainstTheBudgetAndEveryAncestor() {
        oneDollarRun();
        budgets.define(BudgetSpec.subtask("sub:1", "run:1", BudgetLimits.usd("0.50")));

        Reservation r = budgets.reserve(call("c1", "sub:1"));

        assertThat(r.worstCase().usd()).isEqualByComparingTo("0.05");
        assertThat(r.worstCase().tokens()).isEqualTo(5_000);
        for (String id : new String[] {"sub:1", "run:1", "key:a"}) {
            assertThat(budgets.snapshot(id).reserved().usd()).as(id).isEqualByComparingTo("0.05");
            assertThat(budgets.snapshot(id).openReservations()).as(id).isEqualTo(1);
        }
        assertThat(ledger.reservations()).singleElement().satisfies(rec -> {
            assertThat(rec.state()).isEqualTo(ReservationState.OPEN);
            assertThat(rec.worstCase().usd()).isEqualByComparingTo("0.05");
        });
    }

    @Test
    void settle_replacesTheWorstCaseWithTheActualCost_andReleasesTheRest() {
        oneDollarRun();
        Reservation r = budgets.reserve(call("c1", "run:1"));
        Usage usage = new Usage(2_000, 1_000, 500, 100);
        Cost cost = Pricing.cost(FLAGSHIP, usage);

        assertThat(r.settle(usage, cost)).isTrue();

        BudgetState key = budgets.snapshot("key:a");
        assertThat(key.reserved().usd()).isEqualByComparingTo("0");
        assertThat(key.spent().usd()).isEqualByComparingTo(cost.usd());
        assertThat(key.spent().tokens()).isEqualTo(2_500);
        assertThat(r.state()).isEqualTo(ReservationState.SETTLED);
        assertThat(ledger.reservations().getFirst().state()).isEqualTo(ReservationState.SETTLED);
    }

    @Test
    void reserveAndSettle_areIdempotentByCallId() {
        oneDollarRun();
        Reservation first = budgets.reserve(call("c1", "run:1"));
        Reservation again = budgets.reserve(call("c1", "run:1"));
        assertThat(again).isSameAs(first);
        assertThat(budgets.snapshot("key:a").reserved().usd()).isEqualByComparingTo("0.05");

        Usage usage = Usage.of(2_000, 1_000);
        Cost cost = Pricing.cost(FLAGSHIP, usage);
        assertThat(first.settle(usage, cost)).isTrue();
        assertThat(first.settle(usage, cost)).isFalse();
        assertThat(budgets.settle("c1", Usage.of(9, 9), Pricing.cost(FLAGSHIP, Usage.of(9, 9))))
                .isFalse();
        assertThat(first.release()).isFalse();
        first.close();
        // Reserving a settled call id again changes nothing either.
        assertThat(budgets.reserve(call("c1", "run:1"))).isSameAs(first);

        BudgetState key = budgets.snapshot("key:a");
        assertThat(key.spent().usd()).isEqualByComparingTo(cost.usd());
        assertThat(key.reserved().usd()).isEqualByComparingTo("0");
        assertThat(key.openReservations()).isZero();
    }

    @Test
    void close_releasesOnEveryPathThatDidNotSettle() {
        oneDollarRun();
        for (String path : new String[] {"error", "timeout", "cancelled", "disconnect"}) {
            try (Reservation r = budgets.reserve(call("c-" + path, "run:1"))) {
                assertThat(r.state()).isEqualTo(ReservationState.OPEN);
                throw new IllegalStateException(path);
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessage(path);
            }
            assertThat(budgets.stateOf("c-" + path)).contains(ReservationState.RELEASED);
        }
        Thread.currentThread().interrupt();
        try (Reservation r = budgets.reserve(call("c-interrupted", "run:1"))) {
            assertThat(r.maxOutputTokens()).isEqualTo(3_000);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        BudgetState key = budgets.snapshot("key:a");
        assertThat(key.reserved().isZero()).isTrue();
        assertThat(key.spent().usd()).isEqualByComparingTo("0");
        assertThat(ledger.reservations())
                .hasSize(5)
                .allSatisfy(rec -> assertThat(rec.state()).isEqualTo(ReservationState.RELEASED));
    }

    @Test
    void close_afterSettle_changesNothing() {
        oneDollarRun();
        Usage usage = Usage.of(2_000, 10);
        Cost cost = Pricing.cost(FLAGSHIP, usage);
        try (Reservation r = budgets.reserve(call("c1", "run:1"))) {
            r.settle(usage, cost);
        }
        assertThat(budgets.stateOf("c1")).contains(ReservationState.SETTLED);
        assertThat(budgets.snapshot("key:a").spent().usd()).isEqualByComparingTo(cost.usd());
    }

    @Test
    void reserve_whenTheWorstCaseDoesNotFit_isRefusedNamingBudgetRemainderAndWorstCase() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("0.12"), BudgetWindow.DAY));
        budgets.reserve(call("c1", "key:a"));
        budgets.reserve(call("c2", "key:a"));

        assertThatThrownBy(() -> budgets.reserve(call("c3", "key:a")))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.budgetId()).isEqualTo("key:a");
                    assertThat(e.remaining()).isEqualByComparingTo("0.02");
                    assertThat(e.worstCase()).isEqualByComparingTo("0.05");
                    assertThat(e.dimension()).isEqualTo(BudgetExceededException.Dimension.USD);
                })
                .hasMessageContaining("budget 'key:a' has $0.02 of $0.12 left")
                .hasMessageContaining("worst case is $0.05")
                .hasMessageContaining("gpt-5.4: 2000 input + 3000 max output tokens");
        assertThat(budgets.stateOf("c3")).isEmpty();
        assertThat(budgets.snapshot("key:a").reserved().usd()).isEqualByComparingTo("0.10");
    }

    @Test
    void reserve_refusedByAnAncestor_holdsNothingAnywhere() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("0.06"), BudgetWindow.DAY));
        budgets.define(BudgetSpec.run("run:1", "key:a", BudgetLimits.usd("5")));
        budgets.define(BudgetSpec.run("run:2", "key:a", BudgetLimits.usd("5")));
        budgets.reserve(call("c1", "run:1"));

        assertThatThrownBy(() -> budgets.reserve(call("c2", "run:2")))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("budget 'key:a'");
        assertThat(budgets.snapshot("run:2").reserved().isZero()).isTrue();
        assertThat(budgets.snapshot("run:2").openReservations()).isZero();
    }

    @Test
    void reserve_withClampAllowed_returnsTheLargestMaxOutputThatFits() {
        // $0.03 left: 2,000 input = $0.005, so (0.03 - 0.005) / 0.000015 = 1,666.67 -> 1,666 output.
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("0.03"), BudgetWindow.DAY));

        Reservation r = budgets.reserve(call("c1", "key:a").allowingClampTo(100));

        assertThat(r.clamped()).isTrue();
        assertThat(r.maxOutputTokens()).isEqualTo(1_666);
        assertThat(r.worstCase().usd())
                .isEqualByComparingTo(Pricing.worstCase(FLAGSHIP, 2_000, 1_666).usd());
        assertThat(Pricing.worstCase(FLAGSHIP, 2_000, 1_667).usd()).isGreaterThan(new BigDecimal("0.03"));
        assertThat(ledger.reservations().getFirst().maxOutputTokens()).isEqualTo(1_666);
    }

    @Test
    void reserve_withClampAllowed_respectsTokenAndQuotaLimitsToo() {
        budgets.define(BudgetSpec.root(
                "key:a", BudgetLevel.KEY, new BudgetLimits(null, 2_500L, new BigDecimal("2400")), BudgetWindow.DAY));

        Reservation r = budgets.reserve(call("c1", "key:a").allowingClampTo(1));

        assertThat(r.maxOutputTokens()).isEqualTo(400); // quota 2,400 x weight 1 - 2,000 input
    }

    @Test
    void reserve_withClampAllowed_belowTheMinimum_isRefused() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("0.006"), BudgetWindow.DAY));

        assertThatThrownBy(() -> budgets.reserve(call("c1", "key:a").allowingClampTo(100)))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("clamping would leave 66 output tokens, below the minimum 100");
        assertThat(budgets.reserve(call("c2", "key:a").allowingClampTo(1)).maxOutputTokens())
                .isEqualTo(66);
    }

    @Test
    void reserve_withClampAllowed_whenNotEvenTheInputFits_isRefused() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("0.004"), BudgetWindow.DAY));

        assertThatThrownBy(() -> budgets.reserve(call("c1", "key:a").allowingClampTo(1)))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("no max output fits");
    }

    @Test
    void reserve_longContextPrompt_reservesTheLongContextPrice() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("10"), BudgetWindow.DAY));

        Reservation r = budgets.reserve(ReservationRequest.of("c1", "key:a", FLAGSHIP, 300_000, 1_000));

        // 300,000 x $5/1M + 1,000 x $22.50/1M
        assertThat(r.worstCase().usd()).isEqualByComparingTo("1.5225");
    }

    @Test
    void dayWindow_rollsOverAtUtcMidnight_andRunWindowNever() {
        budgets.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("0.10"), BudgetWindow.DAY));
        budgets.define(BudgetSpec.run("run:1", "key:a", BudgetLimits.usd("0.20")));
        clock.set(Instant.parse("2026-03-10T23:59:59Z"));
        settleAtWorstCase("c1", "run:1");
        settleAtWorstCase("c2", "run:1");
        assertThatThrownBy(() -> budgets.reserve(call("c3", "run:1"))).isInstanceOf(BudgetExceededException.class);

        clock.advance(Duration.ofSeconds(1));

        BudgetState key = budgets.snapshot("key:a");
        assertThat(key.windowStart()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
        assertThat(key.spent().isZero()).isTrue();
        settleAtWorstCase("c4", "run:1");
        settleAtWorstCase("c5", "run:1");
        // The key has room again, but the run's $0.20 is for its whole life.
        assertThatThrownBy(() -> budgets.reserve(call("c6", "run:1")))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("budget 'run:1'");
        assertThat(budgets.snapshot("run:1").spent().usd()).isEqualByComparingTo("0.20");
    }

    @Test
    void monthWindow_startsOnTheFirstOfTheMonthUtc() {
        assertThat(BudgetWindow.MONTH.start(Instant.parse("2026-02-28T23:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        budgets.define(BudgetSpec.root("user:u", BudgetLevel.USER, BudgetLimits.usd("0.05"), BudgetWindow.MONTH));
        settleAtWorstCase("c1", "user:u");
        clock.set(Instant.parse("2026-03-31T23:59:59Z"));
        assertThatThrownBy(() -> budgets.reserve(call("c2", "user:u"))).isInstanceOf(BudgetExceededException.class);
        clock.set(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(budgets.reserve(call("c3", "user:u")).state()).isEqualTo(ReservationState.OPEN);
    }

    @Test
    void define_restoresTheCurrentWindowsSpendFromTheJournal() {
        oneDollarRun();
        budgets.define(BudgetSpec.run("run:2", "key:a", BudgetLimits.UNLIMITED));
        dev.flotilla.metering.Meter meter = new dev.flotilla.metering.Meter(CATALOG, ledger);
        for (String id : new String[] {"c1", "c2"}) {
            Reservation r = budgets.reserve(call(id, id.equals("c1") ? "run:1" : "run:2"));
            meter.record(
                    new dev.flotilla.metering.CallReport(
                            id,
                            new dev.flotilla.metering.CallContext(null, null, null, "", r.budgetId()),
                            null,
                            "gpt-5.4",
                            "gpt-5.4",
                            Usage.of(2_000, 3_000),
                            false,
                            2_000,
                            3_000,
                            java.util.Map.of(),
                            dev.flotilla.ledger.CallOutcome.SUCCEEDED,
                            null,
                            clock.instant(),
                            Duration.ofMillis(5)),
                    r);
        }

        EscrowBudgets restarted = new EscrowBudgets(clock, ledger);
        restarted.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("1.00"), BudgetWindow.DAY));
        restarted.define(BudgetSpec.run("run:1", "key:a", BudgetLimits.UNLIMITED));

        assertThat(restarted.snapshot("key:a").spent().usd()).isEqualByComparingTo("0.10");
        assertThat(restarted.snapshot("run:1").spent().usd()).isEqualByComparingTo("0.05");
    }

    @Test
    void reserve_whenTheJournalFails_holdsNothingAndRethrows() {
        ReservationJournal failing = new ReservationJournal() {
            @Override
            public void saveBudget(BudgetSpec spec) {}

            @Override
            public void reservationOpened(ReservationRecord reservation) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void reservationClosed(String callId, ReservationState state, Instant at) {}

            @Override
            public Amount spent(String budgetId, Instant since) {
                return Amount.ZERO;
            }
        };
        EscrowBudgets unjournaled = new EscrowBudgets(clock, failing);
        unjournaled.define(BudgetSpec.root("key:a", BudgetLevel.KEY, BudgetLimits.usd("1"), BudgetWindow.DAY));

        assertThatThrownBy(() -> unjournaled.reserve(call("c1", "key:a"))).hasMessage("disk full");
        assertThat(unjournaled.snapshot("key:a").reserved().isZero()).isTrue();
        assertThat(unjournaled.stateOf("c1")).isEmpty();
    }

    @Test
    void define_rejectsUnknownParentsAndLevelsOutOfOrder() {
        assertThatThrownBy(() -> budgets.define(BudgetSpec.run("run:1", "key:none", BudgetLimits.UNLIMITED)))
                .isInstanceOf(UnknownBudgetException.class)
                .hasMessageContaining("key:none");
        budgets.define(BudgetSpec.run("run:1", null, BudgetLimits.UNLIMITED));
        assertThatThrownBy(() -> budgets.define(
                        new BudgetSpec("key:x", "run:1", BudgetLevel.KEY, BudgetLimits.UNLIMITED, BudgetWindow.DAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a key budget ('key:x') cannot sit under a run budget ('run:1')");
        assertThatThrownBy(() -> budgets.reserve(call("c1", "run:nope")))
                .isInstanceOf(UnknownBudgetException.class)
                .hasMessageContaining("run:nope");
    }

    private void settleAtWorstCase(String callId, String budgetId) {
        try (Reservation r = budgets.reserve(call(callId, budgetId))) {
            Usage usage = Usage.of(2_000, 3_000);
            r.settle(usage, Pricing.cost(FLAGSHIP, usage));
        }
    }
}
