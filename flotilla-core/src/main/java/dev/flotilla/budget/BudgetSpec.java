package dev.flotilla.budget;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One budget's definition.
 *
 * @param id unique, e.g. {@code key:team-a}, {@code run:7f3c}, {@code run:7f3c/sub:2}
 * @param parentId the budget above it, or null for a root (an API key or a user)
 * @param level where it sits in the hierarchy
 * @param limits its limits in USD, tokens and quota units
 * @param window the period its spend is counted over
 */
public record BudgetSpec(
        String id, @Nullable String parentId, BudgetLevel level, BudgetLimits limits, BudgetWindow window) {

    public BudgetSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("a budget id must be 1 to 200 characters, got '" + id + "'");
        }
        if (id.equals(parentId)) {
            throw new IllegalArgumentException("budget '" + id + "' cannot be its own parent");
        }
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(window, "window");
    }

    /** A root budget (an API key or a user). */
    public static BudgetSpec root(String id, BudgetLevel level, BudgetLimits limits, BudgetWindow window) {
        return new BudgetSpec(id, null, level, limits, window);
    }

    /** A run's budget, for the run's whole life. */
    public static BudgetSpec run(String id, @Nullable String parentId, BudgetLimits limits) {
        return new BudgetSpec(id, parentId, BudgetLevel.RUN, limits, BudgetWindow.RUN);
    }

    /** A subtask's budget under a run, for the subtask's whole life. */
    public static BudgetSpec subtask(String id, String runBudgetId, BudgetLimits limits) {
        return new BudgetSpec(id, runBudgetId, BudgetLevel.SUBTASK, limits, BudgetWindow.RUN);
    }

    /** The parent's id, when there is one. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentId);
    }
}
