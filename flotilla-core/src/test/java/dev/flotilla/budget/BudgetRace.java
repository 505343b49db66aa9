package dev.flotilla.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.metering.CallContext;
import dev.flotilla.metering.CallReport;
import dev.flotilla.metering.Meter;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The escrow race of issue 5, against any ledger: a $1.00 key budget (with a run and four subtask
 * budgets under it), 200 calls on virtual threads released together by a barrier, each with a worst
 * case of $0.05 and a random actual cost below it; some fail, time out, are cancelled before or
 * during the call, or hit a bug before metering. An observer thread samples the budget throughout.
 */
public final class BudgetRace {
    public static final int CALLS = 200;
    public static final BigDecimal LIMIT = new BigDecimal("1.00");
    private static final Catalog CATALOG = Catalog.bundled();
    private static final ModelSpec MODEL = CATALOG.require("gpt-5.4");
    private static final long INPUT = 2_000;
    private static final long MAX_OUTPUT = 3_000;

    /** What happened. */
    public record Result(
            Map<String, Integer> paths,
            BigDecimal observedMaxReservedUsd,
            BigDecimal observedMaxCommittedUsd,
            BigDecimal peakCommittedUsd,
            BudgetState key,
            List<BudgetState> all,
            List<CallRecord> ledgerCalls) {}

    private BudgetRace() {}

    /** A fault the race injects on purpose. */
    private static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super("injected: " + message);
        }
    }

    /** Runs the race and asserts every property of issue 5's "Done when". */
    public static Result runAndCheck(Ledger ledger, long seed) throws Exception {
        Result result = run(ledger, seed);
        check(ledger, result);
        return result;
    }

    public static Result run(Ledger ledger, long seed) throws Exception {
        FakeClock clock = new FakeClock("2026-03-10T12:00:00Z");
        EscrowBudgets budgets = new EscrowBudgets(clock, ledger);
        Meter meter = new Meter(CATALOG, ledger);
        budgets.define(
                BudgetSpec.root("key:race", BudgetLevel.KEY, new BudgetLimits(LIMIT, null, null), BudgetWindow.DAY));
        budgets.define(BudgetSpec.run("run:race", "key:race", BudgetLimits.UNLIMITED));
        for (int s = 0; s < 4; s++) {
            budgets.define(BudgetSpec.subtask("run:race/sub:" + s, "run:race", BudgetLimits.usd("0.40")));
        }
        assertThat(MODEL.prices().inputPerMillion()).isEqualByComparingTo("2.50");

        Map<String, Integer> paths = new ConcurrentHashMap<>();
        AtomicReference<BigDecimal> maxReserved = new AtomicReference<>(BigDecimal.ZERO);
        AtomicReference<BigDecimal> maxCommitted = new AtomicReference<>(BigDecimal.ZERO);
        AtomicBoolean done = new AtomicBoolean();
        CyclicBarrier barrier = new CyclicBarrier(CALLS);
        SplittableRandom seeds = new SplittableRandom(seed);

        Thread observer = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                BudgetState state = budgets.snapshot("key:race");
                maxReserved.accumulateAndGet(state.reserved().usd(), BigDecimal::max);
                maxCommitted.accumulateAndGet(state.committed().usd(), BigDecimal::max);
                Thread.onSpinWait();
            }
        });
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                int index = i;
                SplittableRandom random = seeds.split();
                futures.add(executor.submit(() -> {
                    barrier.await();
                    // A refused call waits a moment and retries as a new attempt, so reservations
                    // keep meeting settlements until the dollar is gone.
                    String path = "refused";
                    for (int attempt = 0; attempt < 4 && path.equals("refused"); attempt++) {
                        path = oneCall(index, attempt, random, budgets, meter, clock);
                        if (path.equals("refused")) {
                            LockSupport.parkNanos(random.nextLong(100_000, 2_000_000));
                        }
                    }
                    return path;
                }));
            }
            for (Future<String> future : futures) {
                paths.merge(future.get(), 1, Integer::sum);
            }
        } finally {
            done.set(true);
            observer.join();
        }
        List<BudgetState> all = new ArrayList<>();
        for (String id : List.of(
                "key:race", "run:race", "run:race/sub:0", "run:race/sub:1", "run:race/sub:2", "run:race/sub:3")) {
            all.add(budgets.snapshot(id));
        }
        BudgetState key = budgets.snapshot("key:race");
        return new Result(
                Map.copyOf(paths),
                maxReserved.get(),
                maxCommitted.get(),
                key.peakCommittedUsd(),
                key,
                all,
                ledger.calls(Instant.EPOCH));
    }

    private static String oneCall(
            int index, int attempt, SplittableRandom random, Budgets budgets, Meter meter, FakeClock clock) {
        String callId = "race-" + index + "-" + attempt;
        String budgetId = "run:race/sub:" + (index % 4);
        ReservationRequest request = ReservationRequest.of(callId, budgetId, MODEL, INPUT, MAX_OUTPUT)
                .inRun("race");
        if (index % 5 == 0) {
            request = request.allowingClampTo(500);
        }
        int fault = random.nextInt(100);
        CallContext context = new CallContext("race", "span-" + index, "span-plan", "test", budgetId);
        Instant started = clock.instant();
        try (Reservation reservation = budgets.reserve(request)) {
            ModelCall call =
                    ModelCall.of(callId, MODEL.id(), List.of(Message.user("hi")), reservation.maxOutputTokens());
            // The provider works for a while; others reserve and settle meanwhile.
            LockSupport.parkNanos(random.nextLong(50_000, 1_000_000));
            long output = random.nextLong(0, reservation.maxOutputTokens());
            long cached = random.nextLong(0, INPUT + 1);
            if (fault < 55) {
                Usage usage = new Usage(INPUT, cached, output, output / 3);
                meter.record(
                        new CallReport(
                                callId,
                                context,
                                null,
                                MODEL.id(),
                                MODEL.id(),
                                usage,
                                false,
                                INPUT,
                                output,
                                Map.of(),
                                CallOutcome.SUCCEEDED,
                                "req-" + index,
                                started,
                                Duration.ofMillis(3)),
                        reservation);
                // A duplicate report of the same call changes nothing.
                if (fault < 5) {
                    meter.record(
                            new CallReport(
                                    callId,
                                    context,
                                    null,
                                    MODEL.id(),
                                    MODEL.id(),
                                    usage,
                                    false,
                                    INPUT,
                                    output,
                                    Map.of(),
                                    CallOutcome.SUCCEEDED,
                                    "req-" + index,
                                    started,
                                    Duration.ofMillis(3)),
                            reservation);
                    return "succeeded-reported-twice";
                }
                return "succeeded";
            } else if (fault < 65) {
                StreamEvent.Failed failed = new StreamEvent.Failed(
                        new ProviderException.ServerError("sim", MODEL.id(), 500, "req-" + index, "injected"),
                        Usage.of(INPUT, output),
                        true,
                        output > 0);
                meter.record(
                        CallReport.failed(call, failed, context, INPUT, output, started, Duration.ofMillis(2)),
                        reservation);
                return "failed";
            } else if (fault < 75) {
                meter.record(
                        CallReport.interrupted(
                                call, CallOutcome.TIMED_OUT, context, INPUT, output, started, Duration.ofSeconds(30)),
                        reservation);
                return "timed-out";
            } else if (fault < 82) {
                meter.record(
                        CallReport.interrupted(
                                call, CallOutcome.CANCELLED, context, INPUT, output, started, Duration.ofMillis(7)),
                        reservation);
                return "client-disconnected";
            } else if (fault < 91) {
                throw new InjectedFault("cancelled before sending");
            } else {
                throw new InjectedFault("a bug between the answer and metering");
            }
        } catch (BudgetExceededException refused) {
            assertThat(refused.worstCase()).isPositive();
            return "refused";
        } catch (InjectedFault injected) {
            return "released-by-close";
        }
    }

    /** The properties of issue 5's race test. */
    public static void check(Ledger ledger, Result result) {
        assertThat(result.paths().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(CALLS);
        assertThat(result.paths()).containsKeys("refused", "succeeded", "released-by-close");
        assertThat(result.observedMaxReservedUsd()).isLessThanOrEqualTo(LIMIT);
        assertThat(result.observedMaxCommittedUsd()).isLessThanOrEqualTo(LIMIT);
        assertThat(result.peakCommittedUsd()).isLessThanOrEqualTo(LIMIT);
        BudgetState key = result.key();
        assertThat(key.spent().usd()).isLessThanOrEqualTo(LIMIT);
        for (BudgetState state : result.all()) {
            assertThat(state.reserved().isZero())
                    .as("reserved of %s", state.spec().id())
                    .isTrue();
            assertThat(state.openReservations()).as(state.spec().id()).isZero();
        }
        BigDecimal ledgerUsd = BigDecimal.ZERO;
        long ledgerTokens = 0;
        for (CallRecord call : result.ledgerCalls()) {
            ledgerUsd = ledgerUsd.add(call.cost().usd());
            ledgerTokens += call.usage().totalTokens();
        }
        assertThat(key.spent().usd()).isEqualByComparingTo(ledgerUsd);
        assertThat(key.spent().tokens()).isEqualTo(ledgerTokens);
        int metered = result.paths().getOrDefault("succeeded", 0)
                + result.paths().getOrDefault("succeeded-reported-twice", 0)
                + result.paths().getOrDefault("failed", 0)
                + result.paths().getOrDefault("timed-out", 0)
                + result.paths().getOrDefault("client-disconnected", 0);
        assertThat(result.ledgerCalls()).hasSize(metered);
        assertThat(ledger.reservations())
                .hasSizeGreaterThanOrEqualTo(CALLS - result.paths().getOrDefault("refused", 0))
                .allSatisfy(r -> assertThat(r.state()).isNotEqualTo(ReservationState.OPEN));
    }
}
