package dev.flotilla.routing;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Tier;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** How a policy says which models are good enough for a kind of task. */
public sealed interface Qualification {

    /** Whether the model is good enough for this kind of task. */
    boolean qualifies(ModelSpec model, TaskKind kind);

    /**
     * The highest tier this rule asks for: a model above it is a step up when none that qualifies can
     * take the call. Zero when nothing in the catalog qualifies.
     */
    int preferredRank(List<ModelSpec> catalog, TaskKind kind);

    /** The rule in words, e.g. {@code tier nano} or {@code reasoning score >= 85}. */
    String describe(TaskKind kind);

    /**
     * Models of these tiers qualify.
     *
     * @param tiers at least one tier
     */
    record Tiers(List<Tier> tiers) implements Qualification {
        public Tiers {
            tiers = List.copyOf(tiers);
            if (tiers.isEmpty()) {
                throw new IllegalArgumentException(
                        "a tier list needs at least one tier; accepted: nano, mini, flagship");
            }
        }

        @Override
        public boolean qualifies(ModelSpec model, TaskKind kind) {
            return tiers.contains(model.tier());
        }

        @Override
        public int preferredRank(List<ModelSpec> catalog, TaskKind kind) {
            return tiers.stream().mapToInt(Tier::rank).max().orElse(0);
        }

        @Override
        public String describe(TaskKind kind) {
            return "tier " + tiers.stream().map(Tier::wireName).collect(Collectors.joining(" or "));
        }
    }

    /**
     * Models whose catalog score for the task's quality family is at least {@code minimum} qualify;
     * a model without a score for that family does not.
     */
    record MinQuality(BigDecimal minimum) implements Qualification {
        public MinQuality {
            Objects.requireNonNull(minimum, "minimum");
            if (minimum.signum() < 0 || minimum.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException(
                        "minQuality must be a percentage from 0 to 100, got " + minimum.toPlainString());
            }
        }

        @Override
        public boolean qualifies(ModelSpec model, TaskKind kind) {
            return model.qualityFor(kind.qualityFamily())
                    .map(score -> score.compareTo(minimum) >= 0)
                    .orElse(false);
        }

        @Override
        public int preferredRank(List<ModelSpec> catalog, TaskKind kind) {
            return catalog.stream()
                    .filter(m -> qualifies(m, kind))
                    .mapToInt(m -> m.tier().rank())
                    .max()
                    .orElse(0);
        }

        @Override
        public String describe(TaskKind kind) {
            return kind.qualityFamily() + " score >= "
                    + minimum.stripTrailingZeros().toPlainString();
        }
    }
}
