package dev.flotilla.store;

import dev.flotilla.budget.BudgetLevel;
import dev.flotilla.budget.BudgetLimits;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.BudgetWindow;
import dev.flotilla.budget.EscrowBudgets;
import dev.flotilla.budget.Reservation;
import dev.flotilla.budget.ReservationRequest;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.ForwardingLedger;
import dev.flotilla.metering.CallContext;
import dev.flotilla.metering.CallReport;
import dev.flotilla.metering.Meter;
import dev.flotilla.metering.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The process {@link CrashReconcileTest} kills: it reserves two calls against a $1.00 budget and
 * gets both answers. Call "recorded" is metered: its ledger insert commits, and the process stops
 * before its reservation is settled. Call "unrecorded" is stopped before metering. Then it writes
 * the marker file and waits to be killed.
 */
public final class CrashingChild {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private CrashingChild() {}

    public static void main(String[] args) throws Exception {
        StoreConfig config = StoreConfig.of(args[0]);
        Path marker = Path.of(args[1]);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JdbcLedger ledger = JdbcLedger.open(config, clock);
        ForwardingLedger stopsAfterTheInsert = new ForwardingLedger(ledger) {
            @Override
            public boolean record(CallRecord call) {
                boolean inserted = super.record(call);
                waitToBeKilled(marker);
                return inserted;
            }
        };
        EscrowBudgets budgets = new EscrowBudgets(clock, ledger);
        defineBudgets(budgets);
        Catalog catalog = Catalog.bundled();
        Meter meter = new Meter(catalog, stopsAfterTheInsert);

        Reservation unrecorded = budgets.reserve(
                ReservationRequest.of("unrecorded", "run:crash", catalog.require("gpt-5.4"), 2_000, 3_000)
                        .inRun("crash"));
        Reservation recorded =
                budgets.reserve(ReservationRequest.of("recorded", "run:crash", catalog.require("gpt-5.4"), 2_000, 3_000)
                        .inRun("crash"));
        // Both providers have answered; "unrecorded" is never metered, "recorded" stops in the meter.
        meter.record(answer("recorded"), recorded);
        throw new AssertionError("not reached: " + unrecorded.state());
    }

    static void defineBudgets(EscrowBudgets budgets) {
        budgets.define(BudgetSpec.root("key:crash", BudgetLevel.KEY, BudgetLimits.usd("1.00"), BudgetWindow.DAY));
        budgets.define(BudgetSpec.run("run:crash", "key:crash", BudgetLimits.UNLIMITED));
    }

    static CallReport answer(String callId) {
        return new CallReport(
                callId,
                new CallContext("crash", "span-" + callId, null, "test", "run:crash"),
                null,
                "gpt-5.4",
                "gpt-5.4",
                new Usage(2_000, 500, 1_200, 0),
                false,
                2_000,
                1_200,
                Map.of(),
                CallOutcome.SUCCEEDED,
                "req-" + callId,
                NOW,
                Duration.ofMillis(800));
    }

    private static void waitToBeKilled(Path marker) {
        try {
            Files.writeString(marker, "answered, recorded, not settled");
            Thread.sleep(Duration.ofMinutes(5));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
