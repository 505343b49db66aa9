package dev.flotilla.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's virtual key as stored: everything but the secret (only its salted hash is kept).
 *
 * @param id the key's public id, also embedded in the key ({@code fk-<id>-<secret>})
 * @param name a label for people
 * @param budgetUsdPerDay the daily spend limit in USD, or null for none
 * @param rpm requests per minute, or null for no limit
 * @param tpm tokens per minute (input estimate plus output cap), or null for no limit
 * @param models the models it may use; empty for every model
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while active
 */
public record VirtualKey(
        String id,
        String name,
        @Nullable BigDecimal budgetUsdPerDay,
        @Nullable Long rpm,
        @Nullable Long tpm,
        Set<String> models,
        Instant createdAt,
        @Nullable Instant revokedAt) {

    public VirtualKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        models = Set.copyOf(models);
        if (budgetUsdPerDay != null && budgetUsdPerDay.signum() < 0) {
            throw new IllegalArgumentException(
                    "budgetUsdPerDay must not be negative, got " + budgetUsdPerDay.toPlainString());
        }
        if (rpm != null && rpm <= 0) {
            throw new IllegalArgumentException("rpm must be positive, got " + rpm);
        }
        if (tpm != null && tpm <= 0) {
            throw new IllegalArgumentException("tpm must be positive, got " + tpm);
        }
    }

    /** Whether the key still authenticates. */
    public boolean active() {
        return revokedAt == null;
    }

    /** Whether it may use {@code model} (an empty allow-list allows every model). */
    public boolean allows(String model) {
        return models.isEmpty() || models.contains(model);
    }

    /** The daily USD limit, when there is one. */
    public Optional<BigDecimal> dailyBudget() {
        return Optional.ofNullable(budgetUsdPerDay);
    }

    /**
     * What a new key should allow.
     *
     * @param name a label for people
     * @param budgetUsdPerDay the daily USD limit, or null
     * @param rpm requests per minute, or null
     * @param tpm tokens per minute, or null
     * @param models the allow-list; empty for every model
     */
    public record Spec(
            String name,
            @Nullable BigDecimal budgetUsdPerDay,
            @Nullable Long rpm,
            @Nullable Long tpm,
            Set<String> models) {
        public Spec {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a key needs a non-blank name");
            }
            models = Set.copyOf(models);
        }
    }

    /** A key just created: the stored key and the secret token, which is never shown again. */
    public record Created(VirtualKey key, String token) {
        public Created {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Created[key=" + key + ", token=<hidden>]";
        }
    }
}
