package dev.flotilla.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Tier;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.testing.Models;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
    private final Router router = new Router(Catalog.bundled(), Policies.bundled());

    private RouteDecision.Selected select(Router r, RouteRequest request) {
        RouteDecision decision = r.route(request);
        assertThat(decision).isInstanceOf(RouteDecision.Selected.class);
        return (RouteDecision.Selected) decision;
    }

    private RouteDecision.Selected select(TaskKind kind, Requirements requirements) {
        return select(router, RouteRequest.of(kind, requirements));
    }

    @Test
    void route_classify_picksNano() {
        RouteDecision.Selected s = select(TaskKind.CLASSIFY, Requirements.DEFAULT);

        assertThat(s.model().id()).isEqualTo("gpt-5.4-nano");
        assertThat(s.reason()).contains("classify").contains("balanced").contains("tier nano");
    }

    @Test
    void route_plan_picksFlagship() {
        assertThat(select(TaskKind.PLAN, Requirements.DEFAULT).model().id()).isEqualTo("gpt-5.4");
        assertThat(select(TaskKind.JUDGE, Requirements.DEFAULT).model().id()).isEqualTo("gpt-5.4");
    }

    @ParameterizedTest
    @CsvSource({
        "file_review, gpt-5.4-mini",
        "code_search, gpt-5.4-mini",
        "doc_process, gpt-5.4-mini",
        "code_simple, gpt-5.4-mini",
        "extract, gpt-5.4-nano",
        "chat, gpt-5.4-mini"
    })
    void route_balancedWorkers_pickTheirTier(String kind, String model) {
        assertThat(select(TaskKind.parse(kind), Requirements.DEFAULT).model().id())
                .isEqualTo(model);
    }

    @Test
    void route_everyOtherModel_isRejectedWithAReason() {
        RouteDecision.Selected s = select(TaskKind.CLASSIFY, Requirements.DEFAULT);

        assertThat(s.rejected()).extracting(Rejection::model).containsExactly("gpt-5.4", "gpt-5.4-mini", "gpt-5-mini");
        assertThat(s.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        assertThat(s.rejected().get(2).reason()).contains("autoRoute");
        assertThat(s.rejected().get(0).reason()).contains("policy balanced wants tier nano for classify");
    }

    @Test
    void route_inputTooLargeForNano_stepsUpToTheOnlyWindowThatFits() {
        RouteDecision.Selected s = select(TaskKind.CLASSIFY, Requirements.of(600_000, 1_000));

        assertThat(s.model().id()).isEqualTo("gpt-5.4");
        assertThat(s.reason()).contains("higher tier").contains("gpt-5.4-nano").contains("context window");
        assertThat(s.rejected())
                .filteredOn(r -> r.model().equals("gpt-5.4-nano"))
                .singleElement()
                .satisfies(r -> assertThat(r.why()).isInstanceOf(Rejection.WindowTooSmall.class));
    }

    @Test
    void route_needsImageInput_neverPicksATextOnlyModel() {
        Catalog catalog = Models.replacing(
                Catalog.bundled(), Models.textOnly(Catalog.bundled().require("gpt-5.4-nano")));
        Router r = new Router(catalog, Policies.bundled());
        Requirements image = Requirements.DEFAULT.withInputModalities(Set.of(Modality.IMAGE));

        RouteDecision.Selected s = select(r, RouteRequest.of(TaskKind.CLASSIFY, image));

        assertThat(s.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(s.model().inputModalities()).contains(Modality.IMAGE);
        assertThat(s.rejected())
                .filteredOn(x -> x.model().equals("gpt-5.4-nano"))
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo("does not accept image input"));
    }

    @Test
    void route_needsFileSearch_skipsNanoWhichLacksIt() {
        RouteDecision.Selected s =
                select(TaskKind.EXTRACT, Requirements.DEFAULT.withCapabilities(Set.of(Capability.FILE_SEARCH)));

        assertThat(s.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(s.rejected())
                .filteredOn(x -> x.model().equals("gpt-5.4-nano"))
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).isEqualTo("lacks file_search"));
    }

    @Test
    void route_nothingFits_isUnroutableNamingEveryModel() {
        RouteDecision d = router.route(RouteRequest.of(TaskKind.PLAN, Requirements.of(2_000_000, 1_000)));

        assertThat(d).isInstanceOf(RouteDecision.Unroutable.class);
        assertThat(((RouteDecision.Unroutable) d).rejected()).hasSize(4);
        assertThat(d.reason()).contains("gpt-5.4 (context window 1,050,000 < 2,001,000");
    }

    @Test
    void route_cheapestAndQualityPolicies_differFromBalanced() {
        assertThat(select(
                                router,
                                RouteRequest.of(TaskKind.PLAN, Requirements.DEFAULT)
                                        .withPolicy("cheapest"))
                        .model()
                        .id())
                .isEqualTo("gpt-5.4-mini");
        assertThat(select(
                                router,
                                RouteRequest.of(TaskKind.FILE_REVIEW, Requirements.DEFAULT)
                                        .withPolicy("cheapest"))
                        .model()
                        .id())
                .isEqualTo("gpt-5.4-nano");
        // quality: classify by reasoning score >= 85 -> mini (88.0), not nano (82.8)
        RouteDecision.Selected q = select(
                router, RouteRequest.of(TaskKind.CLASSIFY, Requirements.DEFAULT).withPolicy("quality"));
        assertThat(q.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(q.reason()).contains("reasoning score >= 85");
    }

    @Test
    void route_unknownPolicy_namesTheAcceptedOnes() {
        assertThatThrownBy(() -> router.route(
                        RouteRequest.of(TaskKind.PLAN, Requirements.DEFAULT).withPolicy("fast")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("'fast'")
                .hasMessageContaining("balanced, cheapest, quality");
    }

    @Test
    void route_namedModelThatIsNotAutoRouted_isUsedWhenNamed() {
        RouteDecision.Selected s = select(
                router, RouteRequest.of(TaskKind.PLAN, Requirements.DEFAULT).withModel("gpt-5-mini"));

        assertThat(s.model().id()).isEqualTo("gpt-5-mini");
        assertThat(s.reason()).isEqualTo("named by the call");
    }

    @Test
    void route_callerNotAllowedNano_getsTheNextTierUp() {
        RouteDecision.Selected s = select(
                router,
                RouteRequest.of(TaskKind.CLASSIFY, Requirements.DEFAULT)
                        .withAllowedModels(Set.of("gpt-5.4", "gpt-5.4-mini")));

        assertThat(s.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(s.rejected())
                .filteredOn(x -> x.model().equals("gpt-5.4-nano"))
                .extracting(Rejection::reason)
                .containsExactly("not allowed for this caller");
    }

    @Test
    void route_priceCapBelowFlagshipCost_isUnroutableForPlan() {
        Requirements capped = Requirements.of(10_000, 1_000).withPriceCap(new BigDecimal("0.01"));

        RouteDecision d = router.route(RouteRequest.of(TaskKind.PLAN, capped).withAllowedModels(Set.of("gpt-5.4")));

        assertThat(d).isInstanceOf(RouteDecision.Unroutable.class);
        assertThat(d.reason()).contains("exceeds the price cap $0.01");
    }

    @Test
    void route_latencyBudget_rejectsModelsExpectedSlower() {
        // gpt-5.4: 1200 ms + 1000 tokens at 55/s ~ 19,382 ms; mini: 450 + 7,143 ms
        RouteDecision d = router.route(RouteRequest.of(
                TaskKind.PLAN, Requirements.of(1_000, 1_000).withLatencyBudget(Duration.ofSeconds(10))));

        RouteDecision.Selected s = (RouteDecision.Selected) d;
        assertThat(s.model().id()).isEqualTo("gpt-5.4-mini");
        assertThat(s.rejected())
                .filteredOn(x -> x.model().equals("gpt-5.4"))
                .singleElement()
                .satisfies(x -> assertThat(x.why()).isInstanceOf(Rejection.TooSlow.class));
    }

    @Test
    void route_escalationFloor_skipsLowerTiers() {
        RouteDecision.Selected s = select(
                router, RouteRequest.of(TaskKind.CLASSIFY, Requirements.DEFAULT).withMinimumTier(Tier.MINI));

        assertThat(s.model().id()).isEqualTo("gpt-5.4-mini");
    }

    @Test
    void route_amongQualifying_picksLowestExpectedCostThenLatency() {
        Catalog base = Catalog.bundled();
        ModelSpec mini = base.require("gpt-5.4-mini");
        ModelSpec cheaper = Models.withPrices(mini, "mini-cheap", "0.5", "4");
        List<ModelSpec> models = new java.util.ArrayList<>(base.models());
        models.add(cheaper);
        Router r = new Router(base.withModels(models), Policies.bundled());

        RouteDecision.Selected s = select(r, RouteRequest.of(TaskKind.FILE_REVIEW, Requirements.DEFAULT));

        assertThat(s.model().id()).isEqualTo("mini-cheap");
        assertThat(s.rejected())
                .filteredOn(x -> x.model().equals("gpt-5.4-mini"))
                .singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("more than mini-cheap's $0.0045"));
    }

    /** Property: over random requests on a 50-model catalog the choice is the brute-force optimum. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void route_randomRequests_matchBruteForceCheapestQualifying(long seed) {
        Catalog catalog = Models.synthetic(50, seed);
        Router r = new Router(catalog, Policies.bundled());
        Policy balanced = Policies.bundled().require("balanced");
        Random random = new Random(seed);
        for (int n = 0; n < 200; n++) {
            TaskKind kind = TaskKind.values()[random.nextInt(TaskKind.values().length)];
            Set<Capability> caps = random.nextBoolean() ? Set.of() : Set.of(Capability.values()[random.nextInt(7)]);
            long in = random.nextLong(500_000);
            long out = 1 + random.nextLong(50_000);
            Requirements req = Requirements.of(in, out).withCapabilities(caps);
            List<ModelSpec> eligible = catalog.models().stream()
                    .filter(m -> m.autoRoute() && m.supports(caps) && m.contextWindow() >= in + out)
                    .toList();
            Comparator<ModelSpec> byCost = Comparator.comparing(
                            (ModelSpec m) -> Pricing.cost(m, Usage.of(in, out)).usd())
                    .thenComparingLong(m -> m.latency().expectedMillis(out));
            List<ModelSpec> qualified = eligible.stream()
                    .filter(m -> balanced.rule(kind).qualification().qualifies(m, kind))
                    .toList();
            int preferred = balanced.rule(kind).qualification().preferredRank(catalog.models(), kind);
            List<ModelSpec> pool = !qualified.isEmpty()
                    ? qualified
                    : eligible.stream().filter(m -> m.tier().rank() > preferred).toList();
            if (pool.isEmpty()) {
                pool = eligible.stream()
                        .filter(m -> balanced.rule(kind).downgradeTo().contains(m.tier()))
                        .toList();
            }

            RouteDecision d = r.route(RouteRequest.of(kind, req));

            if (pool.isEmpty()) {
                assertThat(d).isInstanceOf(RouteDecision.Unroutable.class);
            } else {
                ModelSpec best = pool.stream().min(byCost).orElseThrow();
                assertThat(d).isInstanceOf(RouteDecision.Selected.class);
                ModelSpec chosen = ((RouteDecision.Selected) d).model();
                assertThat(Pricing.cost(chosen, Usage.of(in, out)).usd())
                        .isEqualByComparingTo(
                                Pricing.cost(best, Usage.of(in, out)).usd());
                assertThat(((RouteDecision.Selected) d).rejected())
                        .hasSize(catalog.models().size() - 1);
            }
        }
    }
}
