package dev.flotilla.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.testing.FakeTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveRoutingTest {
    private final FakeTime time = new FakeTime();
    private final Router router = new Router(Catalog.bundled(), Policies.bundled());
    private final Downgrades downgrades = new Downgrades(time);
    private final Map<String, Duration> busy = new HashMap<>();
    private final Capacity capacity = (model, tokens) -> busy.getOrDefault(model, Duration.ZERO);

    private RouteDecision plan() {
        return router.route(RouteRequest.of(TaskKind.PLAN, Requirements.DEFAULT), capacity, downgrades);
    }

    @Test
    void route_flagshipRateLimited_downgradesToMini() {
        busy.put("gpt-5.4", Duration.ofSeconds(45)); // beyond balanced's 10 s maxWait

        RouteDecision d = plan();

        assertThat(d).isInstanceOf(RouteDecision.Selected.class);
        RouteDecision.Selected s = (RouteDecision.Selected) d;
        assertThat(s.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(s.downgradedFrom()).isEqualTo("gpt-5.4");
        assertThat(s.reason())
                .contains("downgraded from gpt-5.4 to gpt-5.4-mini")
                .contains("45000 ms");
        assertThat(s.rejected())
                .filteredOn(r -> r.model().equals("gpt-5.4"))
                .singleElement()
                .satisfies(r -> assertThat(r.why()).isInstanceOf(Rejection.NoCapacity.class));
        assertThat(downgrades.active("gpt-5.4")).isPresent();
    }

    @Test
    void route_flagshipShortWaitWithinBudget_staysOnFlagship() {
        busy.put("gpt-5.4", Duration.ofSeconds(3));

        assertThat(((RouteDecision.Selected) plan()).model().id()).isEqualTo("gpt-5.4");
    }

    @Test
    void route_stickyDowngrade_expiresAfterItsWindow() {
        busy.put("gpt-5.4", Duration.ofSeconds(45));
        assertThat(((RouteDecision.Selected) plan()).model().id()).isEqualTo("gpt-5.4-mini");
        busy.remove("gpt-5.4"); // the flagship has room again, but the downgrade sticks

        time.advance(Duration.ofSeconds(59));
        RouteDecision.Selected during = (RouteDecision.Selected) plan();
        assertThat(during.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(during.reason()).startsWith("sticky downgrade from gpt-5.4");

        time.advance(Duration.ofSeconds(1)); // balanced's cool-down is 60 s
        RouteDecision.Selected after = (RouteDecision.Selected) plan();
        assertThat(after.model().id()).isEqualTo("gpt-5.4");
        assertThat(after.isDowngrade()).isFalse();
    }

    @Test
    void route_policyWithoutDowngrade_waitsForTheModel() {
        busy.put("gpt-5.4-mini", Duration.ofSeconds(45));

        RouteDecision d =
                router.route(RouteRequest.of(TaskKind.FILE_REVIEW, Requirements.DEFAULT), capacity, downgrades);

        assertThat(d).isInstanceOf(RouteDecision.Wait.class);
        RouteDecision.Wait w = (RouteDecision.Wait) d;
        assertThat(w.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(w.until()).isEqualTo(time.instant().plusSeconds(45));
        assertThat(w.reason()).contains("does not downgrade file_review");
    }

    @Test
    void route_latencyBudget_setsHowLongTheFlagshipMayWait() {
        busy.put("gpt-5.4", Duration.ofSeconds(3));
        // 1200 ms ttft + 100 tokens at 55/s = 3018 ms expected; a 5 s budget leaves under 2 s to wait
        Requirements tight = Requirements.of(1_000, 100).withLatencyBudget(Duration.ofSeconds(5));

        RouteDecision d = router.route(RouteRequest.of(TaskKind.JUDGE, tight), capacity, downgrades);

        assertThat(((RouteDecision.Selected) d).model().id()).isEqualTo("gpt-5.4-mini");
    }
}
