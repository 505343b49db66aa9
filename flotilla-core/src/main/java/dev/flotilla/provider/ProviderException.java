package dev.flotilla.provider;

import dev.flotilla.FlotillaException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A model call failed. Subtypes say what the caller does next; the router's retry decision is an
 * exhaustive switch over them. Messages never contain API keys.
 */
public abstract sealed class ProviderException extends FlotillaException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String model;
    private final int status;
    private final @Nullable String requestId;

    ProviderException(String provider, String model, int status, @Nullable String requestId, String message) {
        super(provider + " " + model + (status > 0 ? " HTTP " + status : "") + ": " + message
                + (requestId != null ? " (request " + requestId + ")" : ""));
        this.provider = provider;
        this.model = model;
        this.status = status;
        this.requestId = requestId;
    }

    /** The provider name. */
    public String provider() {
        return provider;
    }

    /** The model called. */
    public String model() {
        return model;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer. */
    public int status() {
        return status;
    }

    /** The provider's request id, when it sent one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** Which limit a 429 hit. */
    public enum LimitKind {
        REQUESTS,
        TOKENS,
        UNKNOWN
    }

    /** 429 {@code rate_limit_exceeded}: wait {@code retryAfter} and retry, or go to another model. */
    public static final class RateLimited extends ProviderException {
        private static final long serialVersionUID = 1L;
        private final @Nullable Duration retryAfter;
        private final LimitKind limit;

        public RateLimited(
                String provider,
                String model,
                @Nullable String requestId,
                String message,
                @Nullable Duration retryAfter,
                LimitKind limit) {
            super(provider, model, 429, requestId, message);
            this.retryAfter = retryAfter;
            this.limit = limit;
        }

        /** How long the provider asked to wait ({@code retry-after-ms} or {@code retry-after}). */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        /** Which limit was hit. */
        public LimitKind limit() {
            return limit;
        }
    }

    /** 429 {@code insufficient_quota}: billing; never retried. */
    public static final class InsufficientQuota extends ProviderException {
        private static final long serialVersionUID = 1L;

        public InsufficientQuota(String provider, String model, @Nullable String requestId, String message) {
            super(provider, model, 429, requestId, message);
        }
    }

    /** 400 {@code context_length_exceeded}: only a model with a larger window can take it. */
    public static final class ContextTooLong extends ProviderException {
        private static final long serialVersionUID = 1L;

        public ContextTooLong(String provider, String model, @Nullable String requestId, String message) {
            super(provider, model, 400, requestId, message);
        }
    }

    /** 400/404/422: the request itself is wrong; never retried. */
    public static final class InvalidRequest extends ProviderException {
        private static final long serialVersionUID = 1L;
        private final @Nullable String param;

        public InvalidRequest(
                String provider,
                String model,
                int status,
                @Nullable String requestId,
                String message,
                @Nullable String param) {
            super(provider, model, status, requestId, message);
            this.param = param;
        }

        /** The request parameter at fault, when the provider named one. */
        public Optional<String> param() {
            return Optional.ofNullable(param);
        }
    }

    /** 401/403: the key is missing, wrong or not allowed this model; never retried. */
    public static final class AuthenticationFailed extends ProviderException {
        private static final long serialVersionUID = 1L;

        public AuthenticationFailed(
                String provider, String model, int status, @Nullable String requestId, String message) {
            super(provider, model, status, requestId, message);
        }
    }

    /** 5xx or an unreadable answer: the provider failed; retry or fall back. */
    public static final class ServerError extends ProviderException {
        private static final long serialVersionUID = 1L;

        public ServerError(String provider, String model, int status, @Nullable String requestId, String message) {
            super(provider, model, status, requestId, message);
        }
    }

    /** No answer (or no first byte) in time. */
    public static final class Timeout extends ProviderException {
        private static final long serialVersionUID = 1L;

        public Timeout(String provider, String model, String message) {
            super(provider, model, 0, null, message);
        }
    }

    /**
     * A stream broke after it started: cut before its end, or an in-band error event. Usage seen so
     * far is on the {@link StreamEvent.Failed} event.
     */
    public static final class BrokenStream extends ProviderException {
        private static final long serialVersionUID = 1L;

        public BrokenStream(String provider, String model, @Nullable String requestId, String message) {
            super(provider, model, 200, requestId, message);
        }
    }

    /** The caller cancelled the call (interrupt, client disconnect, a sibling failed fast). */
    public static final class Cancelled extends ProviderException {
        private static final long serialVersionUID = 1L;

        public Cancelled(String provider, String model, String message) {
            super(provider, model, 0, null, message);
        }
    }
}
