package dev.flotilla.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded randomized properties of the pricing rules, over every catalog model. */
class PricingPropertyTest {
    private static final List<ModelSpec> MODELS = Catalog.bundled().models();

    static Stream<Long> seeds() {
        return LongStream.range(0, 50).mapToObj(i -> 0x5EED_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cost_isNeverNegative_andQuotaFollowsWeight(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            ModelSpec model = MODELS.get(random.nextInt(MODELS.size()));
            Usage usage = randomUsage(random);
            Cost cost = Pricing.cost(model, usage);
            assertThat(cost.usd().signum()).isGreaterThanOrEqualTo(0);
            assertThat(cost.quotaUnits())
                    .isEqualByComparingTo(
                            model.quotaWeight().multiply(java.math.BigDecimal.valueOf(usage.totalTokens())));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cachedToken_isNeverPricedAboveAnInputToken(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            ModelSpec model = MODELS.get(random.nextInt(MODELS.size()));
            Usage usage = randomUsage(random);
            if (usage.cachedInputTokens() == usage.inputTokens()) {
                continue;
            }
            // The same request with one more of its input tokens served from cache never costs more.
            Usage moreCached = new Usage(
                    usage.inputTokens(), usage.cachedInputTokens() + 1, usage.outputTokens(), usage.reasoningTokens());
            assertThat(Pricing.cost(model, moreCached).usd())
                    .isLessThanOrEqualTo(Pricing.cost(model, usage).usd());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cost_isMonotoneInEveryTokenCount(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            ModelSpec model = MODELS.get(random.nextInt(MODELS.size()));
            Usage usage = randomUsage(random);
            long step = 1 + random.nextLong(50_000);
            Cost base = Pricing.cost(model, usage);
            Usage moreInput = new Usage(
                    usage.inputTokens() + step,
                    usage.cachedInputTokens(),
                    usage.outputTokens(),
                    usage.reasoningTokens());
            Usage moreCached = new Usage(
                    usage.inputTokens() + step,
                    usage.cachedInputTokens() + step,
                    usage.outputTokens(),
                    usage.reasoningTokens());
            Usage moreOutput = new Usage(
                    usage.inputTokens(),
                    usage.cachedInputTokens(),
                    usage.outputTokens() + step,
                    usage.reasoningTokens());
            assertThat(Pricing.cost(model, moreInput).usd()).isGreaterThanOrEqualTo(base.usd());
            assertThat(Pricing.cost(model, moreCached).usd()).isGreaterThanOrEqualTo(base.usd());
            assertThat(Pricing.cost(model, moreOutput).usd()).isGreaterThanOrEqualTo(base.usd());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void longContextTier_startsExactlyAboveTheThreshold(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ModelSpec flagship = Catalog.bundled().require("gpt-5.4");
        long threshold = flagship.prices().longContextTier().orElseThrow().aboveInputTokens();
        long output = random.nextLong(100_000);
        long cached = random.nextLong(threshold);
        PriceBreakdown at = Pricing.breakdown(flagship, new Usage(threshold, cached, output, 0), java.util.Map.of());
        PriceBreakdown above =
                Pricing.breakdown(flagship, new Usage(threshold + 1, cached, output, 0), java.util.Map.of());

        assertThat(at.longContext()).isFalse();
        assertThat(above.longContext()).isTrue();
        assertThat(above.inputPerMillion())
                .isEqualByComparingTo(at.inputPerMillion().multiply(java.math.BigDecimal.TWO));
        assertThat(above.outputPerMillion())
                .isEqualByComparingTo(at.outputPerMillion().multiply(new java.math.BigDecimal("1.5")));
        long below = random.nextLong(threshold + 1);
        assertThat(Pricing.breakdown(flagship, Usage.of(below, output), java.util.Map.of())
                        .longContext())
                .isFalse();
    }

    private static Usage randomUsage(SplittableRandom random) {
        long input = random.nextLong(600_000);
        long cached = input == 0 ? 0 : random.nextLong(input + 1);
        long output = random.nextLong(130_000);
        long reasoning = output == 0 ? 0 : random.nextLong(output + 1);
        return new Usage(input, cached, output, reasoning);
    }
}
