package dev.flotilla.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.RateLimit;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ModelSchedulerTest {
    private final FakeTime time = new FakeTime();

    @Test
    void acquire_withinLimits_startsAtOnce() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(60, 10_000), time, time);

        assertThat(s.acquire(1_000, Priority.WORKER, Duration.ZERO)).isPresent();
        assertThat(time.sleeps()).isEmpty();
        assertThat(s.status().tokensAvailable()).isEqualTo(9_000);
    }

    @Test
    void acquire_tokensSpent_waitsForTheRefillOnTheFakeClock() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(600, 6_000), time, time);
        assertThat(s.acquire(6_000, Priority.WORKER, Duration.ZERO)).isPresent();

        // 3,000 tokens refill in 30 s at 6,000 per minute
        assertThat(s.waitFor(3_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.acquire(3_000, Priority.WORKER, Duration.ofMinutes(1))).isPresent();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void acquire_cannotStartWithinMaxWait_givesUpWithoutWaiting() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(1, 1_000_000), time, time);
        assertThat(s.acquire(10, Priority.WORKER, Duration.ZERO)).isPresent();

        assertThat(s.acquire(10, Priority.WORKER, Duration.ofSeconds(5))).isEmpty();
        assertThat(time.sleeps()).isEmpty();
        assertThat(s.status().queued()).isZero();
    }

    @Test
    void rateLimited_withRetryAfter_blocksUntilThen() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(500, 30_000), time, time);

        s.rateLimited(Duration.ofSeconds(2), ProviderException.LimitKind.TOKENS);

        assertThat(s.waitFor(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.acquire(1, Priority.WORKER, Duration.ofSeconds(3))).isPresent();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void observe_headers_correctTheBuckets() {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(500, 30_000), time, time);

        s.observe(new RateLimitSnapshot(100L, 3L, null, 20_000L, 1_500L, null));

        ModelScheduler.Status status = s.status();
        assertThat(status.requestsPerMinute()).isEqualTo(100);
        assertThat(status.requestsAvailable()).isEqualTo(3);
        assertThat(status.tokensPerMinute()).isEqualTo(20_000);
        assertThat(status.tokensAvailable()).isEqualTo(1_500);
        assertThat(s.waitFor(2_000)).isEqualTo(Duration.ofMillis(1_500)); // 500 tokens at 20,000/min
    }

    @Test
    void permitObserve_staleHeaders_countCallsGrantedSinceAndTheRefill() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(60, 1_000_000), time, time);
        for (int i = 0; i < 50; i++) {
            s.acquire(10, Priority.WORKER, Duration.ZERO).orElseThrow();
        }
        Permit slow = s.acquire(10, Priority.WORKER, Duration.ZERO).orElseThrow(); // 9 left
        for (int i = 0; i < 5; i++) {
            s.acquire(10, Priority.WORKER, Duration.ZERO).orElseThrow(); // 4 left
        }
        time.advance(Duration.ofSeconds(2)); // 2 refill at 60 a minute: 6 left

        // The slow call's response arrives last; its headers are as of its admission, when another
        // client on the key had used 4: 5 left (5 to 6, the count is rounded down).
        slow.observe(new RateLimitSnapshot(60L, 5L, null, null, null, null));

        // Not 5 (the 5 calls granted since would count as room twice: 429s ahead) and not 6 (the
        // other client's use ignored), but at most 5 + 1 + 2 refilled - 5 granted since.
        assertThat(s.status().requestsAvailable()).isEqualTo(3);
    }

    @Test
    void permitObserve_providerCountedMore_lowersTheLevel() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(60, 1_000_000), time, time);
        Permit first = s.acquire(10, Priority.WORKER, Duration.ZERO).orElseThrow();
        s.acquire(10, Priority.WORKER, Duration.ZERO).orElseThrow();

        // Another client on the same key used 20 requests: 39 were left when the call was admitted.
        first.observe(new RateLimitSnapshot(60L, 39L, null, null, null, null));

        // At most 39 + 1 (rounding) - 1 granted since.
        assertThat(s.status().requestsAvailable()).isEqualTo(39);
        assertThat(s.waitFor(10)).isZero();
    }

    @Test
    void permitObserve_headersShowMoreRoom_neverRaiseTheLevel() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(60, 1_000_000), time, time);
        Permit later = null;
        for (int i = 0; i < 60; i++) {
            Permit p = s.acquire(10, Priority.WORKER, Duration.ZERO).orElseThrow();
            if (i == 59) {
                later = p;
            }
        }
        // The 60th call reached the provider before the 59th (granted earlier), so its headers do
        // not count the 59th: 1 left by them, 0 in truth.
        later.observe(new RateLimitSnapshot(60L, 1L, null, null, null, null));

        assertThat(s.status().requestsAvailable()).isZero();
        assertThat(s.waitFor(10)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void permitSettle_givesBackUnusedTokens() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(500, 10_000), time, time);
        Permit p = s.acquire(8_000, Priority.WORKER, Duration.ZERO).orElseThrow();

        p.settle(1_000);
        p.settle(0); // only the first settle counts

        assertThat(s.status().tokensAvailable()).isEqualTo(9_000);
    }

    /** A sleeper that really waits on the condition (released by signals), never by the clock. */
    private static final class SignalOnlySleeper implements Sleeper {
        @Override
        public void sleep(Duration duration) {
            throw new AssertionError("no sleeping in this test");
        }

        @Override
        public void await(Condition condition, Duration max) throws InterruptedException {
            condition.await(10, TimeUnit.SECONDS); // the bound only guards a broken implementation
        }
    }

    @Test
    @Timeout(30)
    void acquire_coordinatorQueuedAfterWorker_getsCapacityFirst() throws Exception {
        ModelScheduler s = new ModelScheduler("m", new RateLimit(1, 1_000_000), time, new SignalOnlySleeper());
        assertThat(s.acquire(1, Priority.WORKER, Duration.ZERO)).isPresent(); // the only request this minute
        List<String> order = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> worker = pool.submit(() -> {
                s.acquire(1, Priority.WORKER, Duration.ofHours(1)).orElseThrow();
                order.add("worker");
                return null;
            });
            while (s.status().queued() < 1) {
                Thread.onSpinWait();
            }
            Future<?> coordinator = pool.submit(() -> {
                s.acquire(1, Priority.COORDINATOR, Duration.ofHours(1)).orElseThrow();
                order.add("coordinator");
                return null;
            });
            while (s.status().queued() < 2) {
                Thread.onSpinWait();
            }

            s.observe(new RateLimitSnapshot(null, 1L, null, null, null, null)); // room for one
            coordinator.get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("coordinator");
            assertThat(worker.isDone()).isFalse();

            s.observe(new RateLimitSnapshot(null, 1L, null, null, null, null)); // room for another
            worker.get(10, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly("coordinator", "worker");
    }
}
