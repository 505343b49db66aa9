package dev.flotilla.gateway.internal;

import dev.flotilla.store.VirtualKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checks bearer tokens against the key store with a short cache keyed by the token's SHA-256 (the
 * token itself is never kept). A hit younger than the TTL skips the database; a miss always reads
 * it, so a key created while the gateway runs works at once, and a revoked one stops within the TTL.
 */
public final class KeyAuthenticator {
    private static final int MAX_ENTRIES = 10_000;
    private static final HexFormat HEX = HexFormat.of();

    private record Cached(VirtualKey key, Instant expires) {}

    private final Function<String, Optional<VirtualKey>> lookup;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** Authenticates with {@code lookup} (token to active key), caching hits for {@code ttl}. */
    public KeyAuthenticator(Function<String, Optional<VirtualKey>> lookup, Clock clock, Duration ttl) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The active key {@code token} belongs to, or empty. */
    public Optional<VirtualKey> authenticate(String token) {
        String digest = sha256(token);
        Instant now = clock.instant();
        Cached cached = cache.get(digest);
        if (cached != null && now.isBefore(cached.expires())) {
            return Optional.of(cached.key());
        }
        Optional<VirtualKey> found = lookup.apply(token);
        if (found.isPresent()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear(); // crude bound; a flood of distinct valid keys only costs DB reads
            }
            cache.put(digest, new Cached(found.get(), now.plus(ttl)));
        } else {
            cache.remove(digest);
        }
        return found;
    }

    private static String sha256(String token) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
