package dev.flotilla.testing;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Prices;
import dev.flotilla.catalog.RateLimit;
import dev.flotilla.catalog.Tier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Copies of catalog models with one thing changed, for tests. */
public final class Models {
    private Models() {}

    public static ModelSpec copy(
            ModelSpec m,
            String id,
            Tier tier,
            Prices prices,
            long window,
            Set<Modality> modalities,
            Set<Capability> capabilities,
            List<String> fallbacks) {
        return new ModelSpec(
                id,
                tier,
                m.autoRoute(),
                prices,
                window,
                Math.min(m.maxOutputTokens(), window),
                modalities,
                capabilities,
                m.quotaWeight(),
                m.quality(),
                m.rateLimits(),
                m.latency(),
                m.endpoint(),
                fallbacks,
                m.assumed());
    }

    public static ModelSpec textOnly(ModelSpec m) {
        return copy(
                m,
                m.id(),
                m.tier(),
                m.prices(),
                m.contextWindow(),
                Set.of(Modality.TEXT),
                m.capabilities(),
                m.fallbacks());
    }

    public static ModelSpec withRateLimit(ModelSpec m, long rpm, long tpm) {
        return new ModelSpec(
                m.id(),
                m.tier(),
                m.autoRoute(),
                m.prices(),
                m.contextWindow(),
                m.maxOutputTokens(),
                m.inputModalities(),
                m.capabilities(),
                m.quotaWeight(),
                m.quality(),
                Map.of(1, new RateLimit(rpm, tpm)),
                m.latency(),
                m.endpoint(),
                m.fallbacks(),
                m.assumed());
    }

    public static ModelSpec withPrices(ModelSpec m, String id, String input, String output) {
        return copy(
                m,
                id,
                m.tier(),
                new Prices(new BigDecimal(input), BigDecimal.ZERO, new BigDecimal(output), null, Map.of()),
                m.contextWindow(),
                m.inputModalities(),
                m.capabilities(),
                List.of());
    }

    /** The bundled catalog with {@code replacement} in place of the model of the same id. */
    public static Catalog replacing(Catalog catalog, ModelSpec replacement) {
        List<ModelSpec> models = new ArrayList<>();
        for (ModelSpec m : catalog.models()) {
            models.add(m.id().equals(replacement.id()) ? replacement : m);
        }
        return catalog.withModels(models);
    }

    /**
     * The bundled catalog plus synthetic models up to {@code size}: varied tiers, prices, windows
     * and capabilities, seeded.
     */
    public static Catalog synthetic(int size, long seed) {
        Catalog base = Catalog.bundled();
        List<ModelSpec> models = new ArrayList<>(base.models());
        java.util.Random random = new java.util.Random(seed);
        ModelSpec template = base.require("gpt-5.4-mini");
        Capability[] caps = Capability.values();
        for (int i = models.size(); i < size; i++) {
            Tier tier = Tier.values()[random.nextInt(3)];
            BigDecimal in = BigDecimal.valueOf(5 + random.nextInt(400), 2);
            BigDecimal out = in.multiply(BigDecimal.valueOf(4 + random.nextInt(4)));
            Set<Capability> capabilities = java.util.EnumSet.noneOf(Capability.class);
            for (Capability c : caps) {
                if (random.nextInt(3) > 0) {
                    capabilities.add(c);
                }
            }
            Set<Modality> modalities =
                    random.nextBoolean() ? Set.of(Modality.TEXT) : Set.of(Modality.TEXT, Modality.IMAGE);
            long window = 32_000L << random.nextInt(6);
            models.add(copy(
                    template,
                    "synthetic-" + i,
                    tier,
                    new Prices(in, in.divide(BigDecimal.TEN), out, null, Map.of()),
                    window,
                    modalities,
                    capabilities,
                    List.of()));
        }
        return base.withModels(models);
    }
}
