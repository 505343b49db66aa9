package dev.flotilla.openai;

import dev.flotilla.openai.internal.Headers;
import dev.flotilla.provider.RateLimitSnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes OpenAI's rate-limit headers: {@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and the same three for
 * {@code tokens}, plus {@code retry-after-ms} and {@code retry-after}. Resets are Go-style
 * durations ({@code 1s}, {@code 6m0s}, {@code 12ms}, {@code 1h2m3.5s}). Reading never fails: a
 * missing or odd value is simply absent.
 */
public final class RateLimitHeaders {
    /** {@code x-ratelimit-limit-requests}. */
    public static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
    /** {@code x-ratelimit-remaining-requests}. */
    public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    /** {@code x-ratelimit-reset-requests}. */
    public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    /** {@code x-ratelimit-limit-tokens}. */
    public static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
    /** {@code x-ratelimit-remaining-tokens}. */
    public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
    /** {@code x-ratelimit-reset-tokens}. */
    public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";
    /** {@code retry-after-ms}: OpenAI's precise wait, in milliseconds. */
    public static final String RETRY_AFTER_MS = "retry-after-ms";
    /** {@code retry-after}: the standard wait, in whole seconds. */
    public static final String RETRY_AFTER = "retry-after";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|h|m|s)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private RateLimitHeaders() {}

    /** The rate-limit state in these headers (names in any case); odd values are absent. */
    public static RateLimitSnapshot parse(Map<String, List<String>> headers) {
        Headers h = Headers.of(headers);
        return new RateLimitSnapshot(
                h.first(LIMIT_REQUESTS).flatMap(RateLimitHeaders::parseCount).orElse(null),
                h.first(REMAINING_REQUESTS)
                        .flatMap(RateLimitHeaders::parseCount)
                        .orElse(null),
                h.first(RESET_REQUESTS).flatMap(RateLimitHeaders::parseDuration).orElse(null),
                h.first(LIMIT_TOKENS).flatMap(RateLimitHeaders::parseCount).orElse(null),
                h.first(REMAINING_TOKENS).flatMap(RateLimitHeaders::parseCount).orElse(null),
                h.first(RESET_TOKENS).flatMap(RateLimitHeaders::parseDuration).orElse(null));
    }

    /**
     * How long these headers ask a client to wait: {@code retry-after-ms} when present and valid,
     * else {@code retry-after} in seconds (an HTTP date there is ignored).
     */
    public static Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        Headers h = Headers.of(headers);
        Optional<Duration> ms = h.first(RETRY_AFTER_MS).flatMap(v -> seconds(v, BigDecimal.valueOf(1000)));
        return ms.isPresent() ? ms : h.first(RETRY_AFTER).flatMap(v -> seconds(v, BigDecimal.ONE));
    }

    /** The headers describing {@code snapshot}, in OpenAI's order; absent fields are left out. */
    public static Map<String, String> write(RateLimitSnapshot snapshot) {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, LIMIT_REQUESTS, snapshot.limitRequests());
        put(out, LIMIT_TOKENS, snapshot.limitTokens());
        put(out, REMAINING_REQUESTS, snapshot.remainingRequests());
        put(out, REMAINING_TOKENS, snapshot.remainingTokens());
        if (snapshot.resetRequests() != null) {
            out.put(RESET_REQUESTS, formatDuration(snapshot.resetRequests()));
        }
        if (snapshot.resetTokens() != null) {
            out.put(RESET_TOKENS, formatDuration(snapshot.resetTokens()));
        }
        return out;
    }

    /**
     * The {@code retry-after-ms} and {@code retry-after} headers for a wait: milliseconds rounded
     * up, and whole seconds rounded up.
     *
     * @throws IllegalArgumentException when {@code wait} is negative
     */
    public static Map<String, String> writeRetryAfter(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative, got " + wait);
        }
        long millis = wait.plusNanos(999_999).toMillis();
        long seconds = wait.plusNanos(999_999_999).toSeconds();
        Map<String, String> out = new LinkedHashMap<>();
        out.put(RETRY_AFTER_MS, Long.toString(millis));
        out.put(RETRY_AFTER, Long.toString(seconds));
        return out;
    }

    /**
     * Parses a Go-style duration ({@code 1s}, {@code 6m0s}, {@code 12ms}, {@code 1h2m3.5s},
     * {@code 250us}) or a bare number of seconds; anything else (negative, empty, unknown unit,
     * overflow) is absent.
     */
    public static Optional<Duration> parseDuration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (NUMBER.matcher(s).matches()) {
            return seconds(s, BigDecimal.ONE);
        }
        Matcher m = DURATION.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            BigDecimal value = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
            nanos = nanos.add(value.multiply(unitNanos(m.group(2))));
            at = m.end();
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /**
     * Formats a duration as OpenAI does: {@code 0s}, {@code 12ms} below a second, else hours,
     * minutes and seconds with a fraction when needed ({@code 6m0s}, {@code 1h2m3.5s}).
     *
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static String formatDuration(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a reset duration must not be negative, got " + duration);
        }
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            BigDecimal ms =
                    BigDecimal.valueOf(duration.toNanos()).movePointLeft(6).stripTrailingZeros();
            return ms.toPlainString() + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        BigDecimal secs = BigDecimal.valueOf(duration.toSecondsPart())
                .add(BigDecimal.valueOf(duration.toNanosPart()).movePointLeft(9))
                .stripTrailingZeros();
        return out.append(secs.toPlainString()).append('s').toString();
    }

    private static Optional<Long> parseCount(String value) {
        try {
            long n = Long.parseLong(value);
            return n < 0 ? Optional.empty() : Optional.of(n);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value, BigDecimal perSecond) {
        if (!NUMBER.matcher(value).matches()) {
            return Optional.empty();
        }
        BigDecimal nanos = new BigDecimal(value.endsWith(".") ? value + "0" : value)
                .multiply(NANOS_PER_SECOND)
                .divide(perSecond, 0, java.math.RoundingMode.CEILING);
        return nanos.compareTo(MAX_NANOS) > 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    private static BigDecimal unitNanos(String unit) {
        return switch (unit) {
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "s" -> NANOS_PER_SECOND;
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "us", "µs" -> BigDecimal.valueOf(1_000L);
            default -> BigDecimal.ONE;
        };
    }

    private static void put(Map<String, String> out, String name, @Nullable Long value) {
        if (value != null) {
            out.put(name, Long.toString(value));
        }
    }
}
