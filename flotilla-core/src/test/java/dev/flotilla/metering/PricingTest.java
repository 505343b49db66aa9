package dev.flotilla.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {
    private final Catalog catalog = Catalog.bundled();

    @Test
    void mini_oneMillionInAndOut_costs5point25() {
        Cost cost = Pricing.cost(catalog.require("gpt-5.4-mini"), Usage.of(1_000_000, 1_000_000));

        assertThat(cost.usd()).isEqualByComparingTo("5.25");
        assertThat(cost.quotaUnits()).isEqualByComparingTo("600000"); // 0.30 of the flagship's 2M
    }

    @Test
    void flagship_over272kInput_paysLongContextTierOnWholeRequest() {
        PriceBreakdown price = Pricing.breakdown(catalog.require("gpt-5.4"), Usage.of(300_000, 1_000), Map.of());

        assertThat(price.longContext()).isTrue();
        assertThat(price.cost().usd()).isEqualByComparingTo("1.5225"); // 300K x $5 + 1K x $22.50
        assertThat(price.inputPerMillion()).isEqualByComparingTo("5.00");
        assertThat(price.outputPerMillion()).isEqualByComparingTo("22.50");
    }

    @Test
    void flagship_exactly272kInput_staysInStandardTier() {
        PriceBreakdown price = Pricing.breakdown(catalog.require("gpt-5.4"), Usage.of(272_000, 0), Map.of());

        assertThat(price.longContext()).isFalse();
        assertThat(price.cost().usd()).isEqualByComparingTo("0.68");
    }

    @Test
    void cachedTokens_arePricedAtTheCachedRate() {
        ModelSpec flagship = catalog.require("gpt-5.4");
        Cost cost = Pricing.cost(flagship, new Usage(200_000, 80_000, 0, 0));

        assertThat(cost.usd()).isEqualByComparingTo("0.32"); // 120K x 2.50 + 80K x 0.25, per 1M
    }

    @Test
    void reasoningTokens_areBilledAsPartOfOutputNotOnTop() {
        ModelSpec nano = catalog.require("gpt-5.4-nano");

        assertThat(Pricing.cost(nano, new Usage(0, 0, 1_000_000, 900_000)).usd())
                .isEqualByComparingTo("1.25");
    }

    @Test
    void toolFees_areChargedPerCall() {
        PriceBreakdown price =
                Pricing.breakdown(catalog.require("gpt-5.4"), Usage.ZERO, Map.of("web_search", 3L, "unpriced", 5L));

        assertThat(price.toolFeesUsd()).isEqualByComparingTo("0.03");
        assertThat(price.toolCalls()).isEqualTo(8);
        assertThatThrownBy(() -> Pricing.breakdown(catalog.require("gpt-5.4"), Usage.ZERO, Map.of("web_search", -1L)))
                .hasMessageContaining("'web_search' must not be negative, got -1");
    }

    @Test
    void worstCase_assumesNoCacheAndFullOutput() {
        Cost worst = Pricing.worstCase(catalog.require("gpt-5.4-mini"), 10_000, 2_000);

        assertThat(worst.usd()).isEqualByComparingTo(new BigDecimal("0.0165")); // 10K x 0.75 + 2K x 4.50
    }

    @Test
    void usage_rejectsImpossibleCounts() {
        assertThatThrownBy(() -> new Usage(10, 11, 0, 0)).hasMessageContaining("cached input tokens 11");
        assertThatThrownBy(() -> new Usage(-1, 0, 0, 0)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Usage(0, 0, 5, 6)).hasMessageContaining("reasoning tokens 6");
    }
}
