package dev.flotilla.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
    private final Catalog catalog = Catalog.bundled();
    private final ModelSpec flagship = catalog.require("gpt-5.4");
    private final ModelSpec mini = catalog.require("gpt-5.4-mini");
    private final ModelSpec nano = catalog.require("gpt-5.4-nano");
    private final RetryPolicy policy = RetryPolicy.defaults(new Random(42));

    private RetryContext context(ModelSpec model, ModelSpec... fallbacks) {
        return new RetryContext(model, List.of(fallbacks), Set.of(model.id()), false);
    }

    private static ProviderException.RateLimited limited(String model, Duration retryAfter) {
        return new ProviderException.RateLimited(
                "test", model, "req_1", "Rate limit reached", retryAfter, ProviderException.LimitKind.TOKENS);
    }

    @Test
    void decide_insufficientQuota_isNeverRetried() {
        var error = new ProviderException.InsufficientQuota("test", "gpt-5.4", null, "You exceeded your quota");

        RetryDecision d = policy.decide(error, 1, context(flagship, mini));

        assertThat(d).isInstanceOf(RetryDecision.Fail.class);
        assertThat(d.reason()).contains("insufficient_quota").contains("never retried");
    }

    @Test
    void decide_invalidRequest_isNeverRetried() {
        var error = new ProviderException.InvalidRequest("test", "gpt-5.4", 400, null, "bad tools", "tools");

        assertThat(policy.decide(error, 1, context(flagship, mini))).isInstanceOf(RetryDecision.Fail.class);
    }

    @Test
    void decide_authenticationFailed_fails() {
        var error = new ProviderException.AuthenticationFailed("test", "gpt-5.4", 401, null, "bad key");

        assertThat(policy.decide(error, 1, context(flagship, mini))).isInstanceOf(RetryDecision.Fail.class);
    }

    @Test
    void decide_retryAfter_isHonouredExactly() {
        RetryDecision d = policy.decide(limited("gpt-5.4", Duration.ofMillis(1_750)), 1, context(flagship, mini));

        assertThat(d)
                .isEqualTo(new RetryDecision.RetrySame(
                        Duration.ofMillis(1_750), "rate limited; the provider asked to retry after 1750 ms"));
    }

    @Test
    void decide_retryAfterLongerThanHonoured_fallsBack() {
        RetryDecision d = policy.decide(limited("gpt-5.4", Duration.ofMinutes(5)), 1, context(flagship, mini));

        assertThat(d).isInstanceOf(RetryDecision.FallBack.class);
        assertThat(((RetryDecision.FallBack) d).model()).isEqualTo(mini);
    }

    @Test
    void decide_rateLimitedWithoutRetryAfter_backsOffWithinTheCap() {
        var error = new ProviderException.RateLimited(
                "test", "gpt-5.4", null, "slow down", null, ProviderException.LimitKind.UNKNOWN);

        RetryDecision d = policy.decide(error, 2, context(flagship, mini));

        assertThat(d).isInstanceOf(RetryDecision.RetrySame.class);
        // attempt 2: step 1000 ms, equal jitter -> [500, 1000]
        assertThat(((RetryDecision.RetrySame) d).delay()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1_000));
    }

    @Test
    void decide_contextTooLong_fallsBackOnlyToALargerWindow() {
        var error = new ProviderException.ContextTooLong("test", "gpt-5.4-mini", null, "too long");

        RetryDecision d = policy.decide(error, 1, context(mini, nano, flagship));

        assertThat(d).isInstanceOf(RetryDecision.FallBack.class);
        assertThat(((RetryDecision.FallBack) d).model().id()).isEqualTo("gpt-5.4"); // nano's window is the same
    }

    @Test
    void decide_contextTooLongAndNoLargerWindow_fails() {
        var error = new ProviderException.ContextTooLong("test", "gpt-5.4-mini", null, "too long");

        assertThat(policy.decide(error, 1, context(mini, nano))).isInstanceOf(RetryDecision.Fail.class);
    }

    @Test
    void decide_serverError_retriesThenFallsBackThenFails() {
        var error = new ProviderException.ServerError("test", "gpt-5.4", 503, null, "overloaded");

        assertThat(policy.decide(error, 1, context(flagship, mini))).isInstanceOf(RetryDecision.RetrySame.class);
        assertThat(policy.decide(error, 3, context(flagship, mini))).isInstanceOf(RetryDecision.FallBack.class);
        assertThat(policy.decide(error, 3, context(flagship))).isInstanceOf(RetryDecision.Fail.class);
    }

    @Test
    void decide_fallback_skipsModelsAlreadyTried() {
        var error = new ProviderException.ServerError("test", "gpt-5.4", 503, null, "overloaded");
        RetryContext ctx = new RetryContext(flagship, List.of(mini, nano), Set.of("gpt-5.4", "gpt-5.4-mini"), false);

        RetryDecision d = policy.decide(error, 3, ctx);

        assertThat(((RetryDecision.FallBack) d).model()).isEqualTo(nano);
    }

    @Test
    void decide_afterOutputReachedTheCaller_neverRetries() {
        var error = new ProviderException.BrokenStream("test", "gpt-5.4", null, "connection reset");
        RetryContext ctx = new RetryContext(flagship, List.of(mini), Set.of(), true);

        RetryDecision d = policy.decide(error, 1, ctx);

        assertThat(d).isInstanceOf(RetryDecision.Fail.class);
        assertThat(d.reason()).contains("after output reached the caller");
    }

    @Test
    void decide_brokenStreamBeforeOutput_isRetried() {
        var error = new ProviderException.BrokenStream("test", "gpt-5.4", null, "connection reset");

        assertThat(policy.decide(error, 1, context(flagship))).isInstanceOf(RetryDecision.RetrySame.class);
    }

    @Test
    void decide_cancelled_fails() {
        var error = new ProviderException.Cancelled("test", "gpt-5.4", "interrupted");

        assertThat(policy.decide(error, 1, context(flagship, mini))).isInstanceOf(RetryDecision.Fail.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 99})
    void backoff_isCappedAndJittered(long seed) {
        RetryPolicy p = RetryPolicy.defaults(new Random(seed));
        for (int attempt = 1; attempt <= 40; attempt++) {
            long step = Math.min(8_000, 500L << Math.min(attempt - 1, 20));
            assertThat(p.backoff(attempt).toMillis()).isBetween(step / 2, step);
        }
    }
}
