package dev.flotilla.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.limits.RateLimits;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.testing.FakeTime;
import dev.flotilla.testing.ScriptedProvider;
import dev.flotilla.testing.ScriptedProvider.Answer;
import dev.flotilla.testing.ScriptedProvider.Fail;
import dev.flotilla.testing.ScriptedProvider.FailAfterOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RoutedCallerTest {
    private final FakeTime time = new FakeTime();
    private final ScriptedProvider provider = new ScriptedProvider();
    private final Router router = new Router(Catalog.bundled(), Policies.bundled());
    private final List<String> hookLog = new CopyOnWriteArrayList<>();
    private final AttemptHook recordingHook = new AttemptHook() {
        @Override
        public Admission before(Attempt attempt) {
            hookLog.add("before " + attempt.callId() + " " + attempt.model().id() + " " + attempt.cause());
            return new Admission.Proceed(attempt.call());
        }

        @Override
        public void after(Attempt attempt, AttemptOutcome outcome) {
            hookLog.add("after " + attempt.callId() + " " + outcome.getClass().getSimpleName() + " "
                    + outcome.usage().totalTokens());
        }
    };

    private RoutedCaller caller(AttemptHook hook) {
        return RoutedCaller.builder(router, provider)
                .clock(time)
                .sleeper(time)
                .retryPolicy(RetryPolicy.defaults(new Random(7)))
                .hook(hook)
                .build();
    }

    private static ModelCall call() {
        return ModelCall.of("call-1", "auto", List.of(Message.user("hello")), 1_000);
    }

    private static ProviderException.RateLimited limited(String model, Duration retryAfter) {
        return new ProviderException.RateLimited(
                "scripted", model, null, "Rate limit reached", retryAfter, ProviderException.LimitKind.REQUESTS);
    }

    @Test
    void call_classify_goesToNanoThroughTheHook() {
        RoutedResult r = caller(recordingHook).call(call(), TaskKind.CLASSIFY, Requirements.DEFAULT);

        assertThat(r.model()).isEqualTo("gpt-5.4-nano");
        assertThat(provider.calls()).singleElement().satisfies(c -> {
            assertThat(c.callId()).isEqualTo("call-1#1");
            assertThat(c.model()).isEqualTo("gpt-5.4-nano");
        });
        assertThat(hookLog).containsExactly("before call-1#1 gpt-5.4-nano route", "after call-1#1 Succeeded 110");
    }

    @Test
    void call_retryAfter_isHonouredOnTheFakeClock() {
        provider.then("gpt-5.4", new Fail(limited("gpt-5.4", Duration.ofMillis(2_500))));

        RoutedResult r = caller(recordingHook).call(call(), TaskKind.PLAN, Requirements.DEFAULT);

        assertThat(r.model()).isEqualTo("gpt-5.4");
        assertThat(provider.modelsCalled()).containsExactly("gpt-5.4", "gpt-5.4");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(2_500));
        assertThat(r.attempts()).extracting(RoutedResult.AttemptRecord::callId).containsExactly("call-1#1", "call-1#2");
        assertThat(hookLog)
                .containsExactly(
                        "before call-1#1 gpt-5.4 route",
                        "after call-1#1 Failed 100",
                        "before call-1#2 gpt-5.4 retry",
                        "after call-1#2 Succeeded 110");
    }

    @Test
    void call_insufficientQuota_isNeverRetried() {
        provider.then(
                "gpt-5.4", new Fail(new ProviderException.InsufficientQuota("scripted", "gpt-5.4", null, "quota")));

        assertThatThrownBy(() -> caller(recordingHook).call(call(), TaskKind.PLAN, Requirements.DEFAULT))
                .isInstanceOf(RoutedCallException.class)
                .hasMessageContaining("insufficient_quota")
                .hasCauseInstanceOf(ProviderException.InsufficientQuota.class);
        assertThat(provider.calls()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(hookLog).containsExactly("before call-1#1 gpt-5.4 route", "after call-1#1 Failed 100");
    }

    @Test
    void call_contextTooLong_fallsBackToALargerWindow() {
        provider.then(
                "gpt-5.4-mini",
                new Fail(new ProviderException.ContextTooLong("scripted", "gpt-5.4-mini", null, "too long")));

        RoutedResult r = caller(recordingHook).call(call(), TaskKind.FILE_REVIEW, Requirements.of(300_000, 1_000));

        assertThat(provider.modelsCalled()).containsExactly("gpt-5.4-mini", "gpt-5.4");
        assertThat(r.attempts().get(1).cause()).isEqualTo("fallback");
        assertThat(r.attempts().get(1).reason()).contains("context too long");
    }

    @Test
    void call_flagshipRateLimitedBeyondItsWait_downgradesToMini() {
        RateLimits limits = new RateLimits(Catalog.bundled(), time, time);
        limits.rateLimited("gpt-5.4", limited("gpt-5.4", Duration.ofMinutes(2)));
        RoutedCaller c = RoutedCaller.builder(router, provider)
                .clock(time)
                .sleeper(time)
                .rateLimits(limits)
                .retryPolicy(RetryPolicy.defaults(new Random(7)))
                .build();

        RoutedResult r = c.call(call(), TaskKind.PLAN, Requirements.DEFAULT);

        assertThat(r.model()).isEqualTo("gpt-5.4-mini");
        assertThat(r.attempts().getFirst().reason()).contains("downgraded from gpt-5.4");
        assertThat(c.downgrades().active("gpt-5.4")).isPresent();
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void call_rejectedAnswer_isEscalatedOneTierUpThroughTheHook() {
        provider.then("gpt-5.4-nano", new Answer("not json"));
        provider.then("gpt-5.4-mini", new Answer("{\"label\":\"spam\"}"));
        Validator json = result -> result.text().startsWith("{")
                ? Validator.Verdict.ACCEPT
                : new Validator.Verdict.Reject("schema violation: not a JSON object");

        RoutedResult r = caller(recordingHook)
                .call(call(), TaskKind.CLASSIFY, Requirements.DEFAULT, CallOptions.DEFAULT.withValidator(json, 2));

        assertThat(r.model()).isEqualTo("gpt-5.4-mini");
        assertThat(r.result().text()).contains("spam");
        assertThat(hookLog)
                .containsExactly(
                        "before call-1#1 gpt-5.4-nano route",
                        "after call-1#1 Rejected 110",
                        "before call-1#2 gpt-5.4-mini escalation",
                        "after call-1#2 Succeeded 110");
    }

    @Test
    void call_escalationsSpent_failsNamingTheReason() {
        provider.then("gpt-5.4-nano", new Answer("no"));
        Validator never = result -> new Validator.Verdict.Reject("refusal");

        assertThatThrownBy(() -> caller(recordingHook)
                        .call(
                                call(),
                                TaskKind.CLASSIFY,
                                Requirements.DEFAULT,
                                CallOptions.DEFAULT.withValidator(never, 1)))
                .isInstanceOf(RoutedCallException.class)
                .hasMessageContaining("refusal")
                .hasMessageContaining("1 escalations are spent");
        assertThat(provider.modelsCalled()).containsExactly("gpt-5.4-nano", "gpt-5.4-mini");
    }

    @Test
    void call_hookRefuses_failsWithoutCallingTheProvider() {
        AttemptHook broke = new AttemptHook() {
            @Override
            public Admission before(Attempt attempt) {
                return new Admission.Refuse("budget run-7 has $0.0001 left, needs $0.02");
            }

            @Override
            public void after(Attempt attempt, AttemptOutcome outcome) {
                throw new AssertionError("after() for a refused attempt");
            }
        };

        assertThatThrownBy(() -> caller(broke).call(call(), TaskKind.PLAN, Requirements.DEFAULT))
                .isInstanceOf(RoutedCallException.class)
                .hasMessageContaining("refused: budget run-7");
        assertThat(provider.calls()).isEmpty();
    }

    @Test
    void stream_failureAfterOutput_isNotRetried() {
        provider.then(
                "gpt-5.4",
                new FailAfterOutput(
                        "partial",
                        new ProviderException.BrokenStream("scripted", "gpt-5.4", null, "connection reset")));
        List<StreamEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> caller(recordingHook).stream(
                        call(), TaskKind.PLAN, Requirements.DEFAULT, CallOptions.DEFAULT, events::add))
                .isInstanceOf(RoutedCallException.class)
                .hasMessageContaining("after output reached the caller");
        assertThat(provider.calls()).hasSize(1);
        assertThat(events).hasSize(2);
        assertThat(events.getFirst()).isEqualTo(new StreamEvent.TextDelta("partial"));
        assertThat(events.getLast()).isInstanceOf(StreamEvent.Failed.class);
    }

    @Test
    void call_failureAfterOutputInCallMode_isRetriedBecauseNothingReachedTheCaller() {
        provider.then(
                "gpt-5.4",
                new FailAfterOutput(
                        "partial",
                        new ProviderException.BrokenStream("scripted", "gpt-5.4", null, "connection reset")));

        RoutedResult r = caller(recordingHook).call(call(), TaskKind.PLAN, Requirements.DEFAULT);

        assertThat(provider.calls()).hasSize(2);
        assertThat(r.result().text()).isEqualTo("ok");
    }
}
