package dev.flotilla.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.openai.internal.Headers;
import dev.flotilla.openai.wire.ErrorBody;
import dev.flotilla.openai.wire.ErrorDetail;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.ProviderException.LimitKind;
import dev.flotilla.provider.RateLimitSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's error answers both ways: an HTTP status, its {@code {"error": {...}}} body and headers
 * become a typed {@link ProviderException} (client side), and a {@link ProviderException} or a
 * named failure becomes an {@link ErrorReply} to send (server side). Thread-safe.
 */
public final class OpenAiErrors {
    /** Longest error message kept from an answer body. */
    static final int MAX_MESSAGE = 500;

    private static final Pattern SECRET = Pattern.compile("\\b(sk-|Bearer\\s+)[A-Za-z0-9*._\\-]{4,}");
    private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in\\s+((?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+)");

    private final ObjectMapper mapper;

    /** Errors read and written with {@code mapper}. */
    public OpenAiErrors(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * An error answer for a server to send.
     *
     * @param status the HTTP status
     * @param body the {@code {"error": ...}} body
     * @param headers extra headers ({@code retry-after}, {@code retry-after-ms}, {@code x-ratelimit-*})
     */
    public record ErrorReply(int status, ErrorBody body, Map<String, String> headers) {
        public ErrorReply {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error reply needs a 4xx or 5xx status, got " + status);
            }
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }
    }

    // ---- client side ----

    /**
     * The typed failure for a non-2xx answer. By status: 429 is {@code InsufficientQuota} when the
     * code or type says {@code insufficient_quota}, else {@code RateLimited} (wait from
     * {@code retry-after-ms}, {@code retry-after} or the message; limit from the type, the message
     * or the headers); 400 with {@code context_length_exceeded} is {@code ContextTooLong}; other
     * 4xx are {@code InvalidRequest} with the param, except 401/403 ({@code AuthenticationFailed})
     * and 408 ({@code Timeout}); 5xx and anything else are {@code ServerError}. A body that is not
     * OpenAI's error shape still maps by status. Messages are cut to 500 characters and anything
     * that looks like an API key is masked.
     */
    public ProviderException fromHttp(
            String provider, String model, int status, Map<String, List<String>> headers, byte[] body) {
        Headers h = Headers.of(headers);
        String requestId = h.first("x-request-id").orElse(null);
        ErrorDetail detail = parseDetail(body).orElse(null);
        String message = detail != null
                ? describe(detail)
                : "unreadable error body: " + snippet(new String(body, StandardCharsets.UTF_8));
        String code = detail == null ? null : detail.code();
        String type = detail == null ? null : detail.type();
        if (status == 429) {
            if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)) {
                return new ProviderException.InsufficientQuota(provider, model, requestId, message);
            }
            Duration wait = RateLimitHeaders.retryAfter(headers)
                    .or(() -> waitFromMessage(detail))
                    .orElse(null);
            return new ProviderException.RateLimited(
                    provider, model, requestId, message, wait, limitKind(detail, RateLimitHeaders.parse(headers)));
        }
        if (status == 401 || status == 403) {
            return new ProviderException.AuthenticationFailed(provider, model, status, requestId, message);
        }
        if (status == 408) {
            return new ProviderException.Timeout(provider, model, message);
        }
        if (status == 400 && "context_length_exceeded".equals(code)) {
            return new ProviderException.ContextTooLong(provider, model, requestId, message);
        }
        if (status >= 400 && status < 500) {
            return new ProviderException.InvalidRequest(
                    provider, model, status, requestId, message, detail == null ? null : detail.param());
        }
        return new ProviderException.ServerError(provider, model, status, requestId, message);
    }

    /** The error detail of an {@code {"error": ...}} body, when the body has that shape. */
    public Optional<ErrorDetail> parseDetail(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            return detailOf(tree);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The error detail of an already parsed {@code {"error": ...}} object. */
    public Optional<ErrorDetail> detailOf(@Nullable JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return Optional.empty();
        }
        JsonNode error = tree.get("error");
        if (error == null || error.isNull()) {
            return Optional.empty();
        }
        if (error.isTextual()) {
            return Optional.of(new ErrorDetail(error.asText(), null, null, null, Map.of()));
        }
        try {
            return Optional.of(mapper.treeToValue(error, ErrorDetail.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The message of a failure as the exception carries it: code first, then the text, masked and cut. */
    public static String describe(ErrorDetail detail) {
        String text = detail.code() != null ? detail.code() + ": " + detail.message() : detail.message();
        return snippet(text);
    }

    /** Masks anything shaped like an API key or bearer token and cuts the text to 500 characters. */
    public static String snippet(String text) {
        String masked = SECRET.matcher(text).replaceAll("$1***");
        return masked.length() <= MAX_MESSAGE ? masked : masked.substring(0, MAX_MESSAGE) + "...";
    }

    private static Optional<Duration> waitFromMessage(@Nullable ErrorDetail detail) {
        if (detail == null) {
            return Optional.empty();
        }
        Matcher m = TRY_AGAIN.matcher(detail.message());
        return m.find() ? RateLimitHeaders.parseDuration(m.group(1)) : Optional.empty();
    }

    private static LimitKind limitKind(@Nullable ErrorDetail detail, RateLimitSnapshot limits) {
        if (detail != null) {
            if ("tokens".equals(detail.type())) {
                return LimitKind.TOKENS;
            }
            if ("requests".equals(detail.type())) {
                return LimitKind.REQUESTS;
            }
            String m = detail.message().toLowerCase(Locale.ROOT);
            if (m.contains("(tpm)") || m.contains("tokens per min") || m.contains("tokens per day")) {
                return LimitKind.TOKENS;
            }
            if (m.contains("(rpm)") || m.contains("requests per min") || m.contains("requests per day")) {
                return LimitKind.REQUESTS;
            }
        }
        if (Long.valueOf(0).equals(limits.remainingTokens())) {
            return LimitKind.TOKENS;
        }
        if (Long.valueOf(0).equals(limits.remainingRequests())) {
            return LimitKind.REQUESTS;
        }
        return LimitKind.UNKNOWN;
    }

    // ---- server side ----

    /**
     * The answer a server sends for a failure: 429 with {@code retry-after}/{@code retry-after-ms}
     * for {@code RateLimited}; 429 {@code insufficient_quota}; 400 {@code context_length_exceeded};
     * the exception's 4xx with {@code invalid_request_error} for {@code InvalidRequest}; 401/403
     * for {@code AuthenticationFailed}; 5xx {@code server_error} for {@code ServerError}; 504 for
     * {@code Timeout}; 502 for {@code BrokenStream}; 499 for {@code Cancelled}.
     */
    public static ErrorReply toReply(ProviderException e) {
        String message =
                snippet(Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
        return switch (e) {
            case ProviderException.RateLimited r ->
                rateLimited(message, r.limit(), r.retryAfter().orElse(null), RateLimitSnapshot.NONE);
            case ProviderException.InsufficientQuota q -> insufficientQuota(message);
            case ProviderException.ContextTooLong c -> contextTooLong(message);
            case ProviderException.InvalidRequest i ->
                reply(
                        clientStatus(i.status(), 400),
                        message,
                        "invalid_request_error",
                        i.param().orElse(null),
                        null);
            case ProviderException.AuthenticationFailed a ->
                reply(a.status() == 403 ? 403 : 401, message, "invalid_request_error", null, "invalid_api_key");
            case ProviderException.ServerError s ->
                reply(s.status() >= 500 && s.status() <= 599 ? s.status() : 500, message, "server_error", null, null);
            case ProviderException.Timeout t -> reply(504, message, "server_error", null, "timeout");
            case ProviderException.BrokenStream b -> reply(502, message, "server_error", null, null);
            case ProviderException.Cancelled c -> reply(499, message, "cancelled", null, null);
        };
    }

    /**
     * A 429 {@code rate_limit_exceeded} answer: type {@code tokens} or {@code requests}, the wait in
     * {@code retry-after-ms} and {@code retry-after}, and the rate-limit headers.
     */
    public static ErrorReply rateLimited(
            String message, LimitKind limit, @Nullable Duration retryAfter, RateLimitSnapshot limits) {
        Map<String, String> headers = new LinkedHashMap<>(RateLimitHeaders.write(limits));
        if (retryAfter != null) {
            headers.putAll(RateLimitHeaders.writeRetryAfter(retryAfter));
        }
        String type = switch (limit) {
            case TOKENS -> "tokens";
            case REQUESTS -> "requests";
            case UNKNOWN -> "rate_limit_exceeded";
        };
        return new ErrorReply(429, body(message, type, null, "rate_limit_exceeded"), headers);
    }

    /** A 429 {@code insufficient_quota} answer. */
    public static ErrorReply insufficientQuota(String message) {
        return reply(429, message, "insufficient_quota", null, "insufficient_quota");
    }

    /** A 400 {@code context_length_exceeded} answer naming {@code messages}. */
    public static ErrorReply contextTooLong(String message) {
        return reply(400, message, "invalid_request_error", "messages", "context_length_exceeded");
    }

    /** A 400 {@code invalid_request_error} answer naming the parameter at fault. */
    public static ErrorReply invalidRequest(String message, @Nullable String param) {
        return reply(400, message, "invalid_request_error", param, null);
    }

    /** A 5xx {@code server_error} answer. */
    public static ErrorReply serverError(int status, String message) {
        return reply(status, message, "server_error", null, null);
    }

    /** An error body: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static ErrorBody body(String message, @Nullable String type, @Nullable String param, @Nullable String code) {
        return new ErrorBody(new ErrorDetail(message, type, param, code, Map.of()), Map.of());
    }

    /** The in-band error body a server writes into a stream for a failure. */
    public static ErrorBody inBand(ProviderException e) {
        return toReply(e).body();
    }

    private static ErrorReply reply(
            int status, String message, String type, @Nullable String param, @Nullable String code) {
        return new ErrorReply(status, body(message, type, param, code), Map.of());
    }

    private static int clientStatus(int status, int fallback) {
        return status >= 400 && status < 500 ? status : fallback;
    }
}
