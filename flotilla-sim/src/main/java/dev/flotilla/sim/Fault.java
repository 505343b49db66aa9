package dev.flotilla.sim;

import dev.flotilla.provider.ProviderException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A failure the simulator injects, by a scenario rule or at a configured rate. Each surfaces as its
 * typed {@link ProviderException}.
 */
public sealed interface Fault {

    /** The name used in scenario files, e.g. {@code rate_limited}. */
    Kind kind();

    /** The fault names scenario files accept. */
    enum Kind {
        RATE_LIMITED,
        INSUFFICIENT_QUOTA,
        SERVER_ERROR,
        SLOW_HEADERS,
        TIMEOUT,
        BROKEN_STREAM,
        MALFORMED_JSON,
        STREAM_ERROR,
        CONTEXT_TOO_LONG;

        /** The name in files, e.g. {@code broken_stream}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a file name.
         *
         * @throws IllegalArgumentException naming the value and the accepted names
         */
        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown fault '" + name + "'; accepted: " + accepted());
        }

        /** The accepted names, comma separated. */
        public static String accepted() {
            return Arrays.stream(values()).map(Kind::wireName).collect(Collectors.joining(", "));
        }
    }

    /** A 429 {@code rate_limit_exceeded} asking the caller to wait {@code retryAfter}. */
    record RateLimited(Duration retryAfter, ProviderException.LimitKind limit) implements Fault {
        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(limit, "limit");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
            }
        }

        @Override
        public Kind kind() {
            return Kind.RATE_LIMITED;
        }
    }

    /** A 429 {@code insufficient_quota}: billing, never retried. */
    record InsufficientQuota() implements Fault {
        @Override
        public Kind kind() {
            return Kind.INSUFFICIENT_QUOTA;
        }
    }

    /** A 5xx answer. */
    record ServerError(int status) implements Fault {
        public ServerError {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("a server error status must be 500 to 599, got " + status);
            }
        }

        @Override
        public Kind kind() {
            return Kind.SERVER_ERROR;
        }
    }

    /** The answer is correct but its headers (and first token) come {@code delay} late. */
    record SlowHeaders(Duration delay) implements Fault {
        public SlowHeaders {
            requireNonNegative(delay, "delay");
        }

        @Override
        public Kind kind() {
            return Kind.SLOW_HEADERS;
        }
    }

    /** Nothing arrives; after {@code after} the call gives up with a timeout. */
    record Timeout(Duration after) implements Fault {
        public Timeout {
            requireNonNegative(after, "after");
        }

        @Override
        public Kind kind() {
            return Kind.TIMEOUT;
        }
    }

    /** The stream is cut (no terminal chunk) after this fraction (0 to 1) of the output. */
    record BrokenStream(double afterFraction) implements Fault {
        public BrokenStream {
            requireFraction(afterFraction);
        }

        @Override
        public Kind kind() {
            return Kind.BROKEN_STREAM;
        }
    }

    /** The answer is not valid JSON (a truncated body, or a garbled chunk). */
    record MalformedJson() implements Fault {
        @Override
        public Kind kind() {
            return Kind.MALFORMED_JSON;
        }
    }

    /** After this fraction of the output a 200 stream carries an in-band {@code error} event. */
    record StreamError(double afterFraction) implements Fault {
        public StreamError {
            requireFraction(afterFraction);
        }

        @Override
        public Kind kind() {
            return Kind.STREAM_ERROR;
        }
    }

    /** A 400 {@code context_length_exceeded}, whatever the prompt's length. */
    record ContextTooLong() implements Fault {
        @Override
        public Kind kind() {
            return Kind.CONTEXT_TOO_LONG;
        }
    }

    /** The fault with its default parameters, as drawn by a fault rate. */
    static Fault withDefaults(Kind kind) {
        return switch (kind) {
            case RATE_LIMITED -> new RateLimited(Duration.ofSeconds(1), ProviderException.LimitKind.REQUESTS);
            case INSUFFICIENT_QUOTA -> new InsufficientQuota();
            case SERVER_ERROR -> new ServerError(500);
            case SLOW_HEADERS -> new SlowHeaders(Duration.ofSeconds(5));
            case TIMEOUT -> new Timeout(Duration.ofSeconds(30));
            case BROKEN_STREAM -> new BrokenStream(0.5);
            case MALFORMED_JSON -> new MalformedJson();
            case STREAM_ERROR -> new StreamError(0.5);
            case CONTEXT_TOO_LONG -> new ContextTooLong();
        };
    }

    private static void requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
    }

    private static void requireFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("afterFraction must be between 0 and 1, got " + fraction);
        }
    }
}
