package dev.flotilla.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Endpoint;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.WireApi;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.metering.Usage;
import dev.flotilla.openai.internal.StallWatch;
import dev.flotilla.openai.internal.UsageEstimate;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.sse.SseParser;
import dev.flotilla.openai.wire.ErrorDetail;
import dev.flotilla.openai.wire.Response;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.StreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Calls OpenAI, or any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, LM Studio), over
 * HTTP. Each model's base URL, API-key variable and API come from its catalog entry ({@link
 * ModelSpec#endpoint()}); {@code OPENAI_BASE_URL} replaces OpenAI's default base URL (to point
 * OpenAI models at a proxy or at {@code flotilla sim serve}). {@link #stream} speaks SSE and never
 * throws for provider errors; {@link #call} uses the non-streaming path. No retries: the router is
 * the one retry loop. The API key is read from the injected environment for each call and never
 * appears in a message, log or {@code toString}. Thread-safe.
 */
public final class OpenAiProvider implements ModelProvider {
    /** The variable that overrides OpenAI's default base URL. */
    public static final String BASE_URL_ENV = "OPENAI_BASE_URL";

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final String name;
    private final Catalog catalog;
    private final HttpClient http;
    private final Map<String, String> env;
    private final Clock clock;
    private final Duration requestTimeout;
    private final StallWatch stalls;
    private final TokenCounter counter;
    private final ChatCompletionsCodec chat;
    private final ResponsesCodec responses;
    private final OpenAiErrors errors;

    private OpenAiProvider(Builder b) {
        this.name = b.name;
        this.catalog = b.catalog;
        this.http = b.http != null
                ? b.http
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(b.connectTimeout)
                        // The client's own completions run on its selector thread instead of
                        // hopping to a pool: the caller blocks anyway, and the gateway measured a
                        // quarter less CPU per relayed request. Body handlers here never block.
                        .executor(Runnable::run)
                        .build();
        this.env = Map.copyOf(b.env);
        this.clock = b.clock;
        this.requestTimeout = b.requestTimeout;
        this.stalls = new StallWatch(b.requestTimeout);
        this.counter = b.counter != null ? b.counter : TokenCounter.o200k();
        ObjectMapper mapper = WireJson.newMapper();
        this.chat = new ChatCompletionsCodec(mapper);
        this.responses = new ResponsesCodec(mapper);
        this.errors = new OpenAiErrors(mapper);
    }

    /** A builder for a provider over the models of {@code catalog}. */
    public static Builder builder(Catalog catalog) {
        return new Builder(catalog);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "OpenAiProvider[" + name + ", " + catalog.ids().size() + " models]";
    }

    @Override
    public void stream(ModelCall call, Consumer<StreamEvent> events) {
        Target target;
        try {
            target = target(call);
        } catch (ProviderException e) {
            events.accept(new StreamEvent.Failed(e, Usage.ZERO, false, false));
            return;
        }
        byte[] body = target.api == WireApi.RESPONSES
                ? responses.write(responses.toWireRequest(call, true))
                : chat.write(chat.toWireRequest(call, true, target.maxField()));
        WireStreamDecoder decoder = target.api == WireApi.RESPONSES ? responses.streamDecoder() : chat.streamDecoder();
        Instant start = clock.instant();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(target, body, true), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            events.accept(failed(new ProviderException.Timeout(name, call.model(), timeoutMessage(e))));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.accept(failed(cancelled(call)));
            return;
        } catch (IOException e) {
            events.accept(
                    failed(Thread.currentThread().isInterrupted() ? cancelled(call) : unreachable(call, target, e)));
            return;
        }
        HttpHeaders headers = response.headers();
        RateLimitSnapshot limits = RateLimitHeaders.parse(headers.map());
        String requestId = headers.firstValue("x-request-id").orElse(null);
        Supplier<Usage> estimate = () -> UsageEstimate.of(counter, call, decoder.outputSoFar());
        InputStream in = response.body();
        StallWatch.Watched watched = stalls.watch(in);
        try (in;
                watched) {
            if (response.statusCode() / 100 != 2) {
                byte[] errorBody = redact(in.readNBytes(MAX_ERROR_BODY), target.apiKey);
                events.accept(
                        failed(errors.fromHttp(name, call.model(), response.statusCode(), headers.map(), errorBody)));
                return;
            }
            if (!headers.firstValue("content-type").orElse("").contains("text/event-stream")) {
                // a server that ignored "stream": read the whole answer
                byte[] whole = in.readAllBytes();
                ModelResult result = parseResult(target, call, whole, requestId, limits, start);
                events.accept(new StreamEvent.Completed(result));
                return;
            }
            Instant firstOutput = null;
            ArrayDeque<SseEvent> queue = new ArrayDeque<>();
            SseParser parser = new SseParser(queue::add);
            byte[] buffer = new byte[8192];
            DeltaBatch arrived = new DeltaBatch(events);
            reading:
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    events.accept(partial(cancelled(call), decoder, estimate));
                    return;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    if (watched.stalled()) {
                        throw stalled(call);
                    }
                    break;
                }
                watched.moved();
                parser.feed(buffer, 0, n);
                while (!queue.isEmpty()) {
                    List<StreamEvent> deltas;
                    try {
                        deltas = decoder.decode(queue.poll());
                    } catch (WireFormatException e) {
                        arrived.flush();
                        events.accept(partial(
                                broken(call, requestId, "malformed stream event: " + e.getMessage()),
                                decoder,
                                estimate));
                        return;
                    }
                    for (StreamEvent delta : deltas) {
                        if (firstOutput == null) {
                            firstOutput = clock.instant();
                        }
                        arrived.add(delta);
                    }
                    if (decoder.error().isPresent() || decoder.completed()) {
                        arrived.flush();
                        break reading;
                    }
                }
                arrived.flush();
            }
            ErrorDetail inBand = decoder.error().orElse(null);
            if (inBand != null) {
                events.accept(partial(
                        broken(call, requestId, "in-band error after HTTP 200: " + OpenAiErrors.describe(inBand)),
                        decoder,
                        estimate));
                return;
            }
            if (!decoder.completed()) {
                String end = target.api == WireApi.RESPONSES ? "response.completed" : "[DONE]";
                events.accept(partial(broken(call, requestId, "the stream ended before " + end), decoder, estimate));
                return;
            }
            Instant end = clock.instant();
            ResultContext context = new ResultContext(
                    call.callId(),
                    requestId,
                    limits,
                    between(start, firstOutput != null ? firstOutput : end),
                    between(start, end));
            events.accept(new StreamEvent.Completed(decoder.result(context, estimate)));
        } catch (ProviderException e) {
            events.accept(partial(e, decoder, estimate));
        } catch (IOException e) {
            ProviderException error = watched.stalled()
                    ? stalled(call)
                    : Thread.currentThread().isInterrupted()
                            ? cancelled(call)
                            : broken(call, requestId, "the stream broke: " + describe(e, target));
            events.accept(partial(error, decoder, estimate));
        }
    }

    /** Calls the model without streaming (cheaper for both ends than a stream nobody reads). */
    @Override
    public StreamEvent answer(ModelCall call) {
        try {
            return new StreamEvent.Completed(call(call));
        } catch (ProviderException e) {
            return failed(e); // a refused or unanswered request: no output, so nothing to estimate
        }
    }

    /**
     * Calls the model without streaming.
     *
     * @throws ProviderException typed by what the caller should do next
     */
    @Override
    public ModelResult call(ModelCall call) {
        Target target = target(call);
        byte[] body = target.api == WireApi.RESPONSES
                ? responses.write(responses.toWireRequest(call, false))
                : chat.write(chat.toWireRequest(call, false, target.maxField()));
        Instant start = clock.instant();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request(target, body, false), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ProviderException.Timeout(name, call.model(), timeoutMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(call);
        } catch (IOException e) {
            throw Thread.currentThread().isInterrupted() ? cancelled(call) : unreachable(call, target, e);
        }
        HttpHeaders headers = response.headers();
        if (response.statusCode() / 100 != 2) {
            throw errors.fromHttp(
                    name, call.model(), response.statusCode(), headers.map(), redact(response.body(), target.apiKey));
        }
        return parseResult(
                target,
                call,
                response.body(),
                headers.firstValue("x-request-id").orElse(null),
                RateLimitHeaders.parse(headers.map()),
                start);
    }

    private ModelResult parseResult(
            Target target,
            ModelCall call,
            byte[] body,
            @Nullable String requestId,
            RateLimitSnapshot limits,
            Instant start) {
        Duration latency = between(start, clock.instant());
        ResultContext context = new ResultContext(call.callId(), requestId, limits, latency, latency);
        try {
            if (target.api == WireApi.RESPONSES) {
                Response r = responses.parseResponse(body);
                if ("failed".equals(r.status())) {
                    String message = r.error() == null
                            ? "the response failed"
                            : OpenAiErrors.snippet(
                                    Objects.requireNonNullElse(r.error().code(), "error") + ": "
                                            + r.error().message());
                    throw new ProviderException.ServerError(name, call.model(), 200, requestId, message);
                }
                return responses.toModelResult(r, context, () -> UsageEstimate.of(counter, call, ""));
            }
            var completion = chat.parseResponse(body);
            return chat.toModelResult(completion, context, () -> UsageEstimate.of(counter, call, ""));
        } catch (WireFormatException e) {
            throw new ProviderException.ServerError(
                    name, call.model(), 200, requestId, "unreadable answer: " + e.getMessage());
        }
    }

    private HttpRequest request(Target target, byte[] body, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target.apiKey != null) {
            b.header("Authorization", "Bearer " + target.apiKey);
        }
        return b.build();
    }

    /** Where and how to call a model. */
    private record Target(URI url, @Nullable String apiKey, WireApi api, boolean openAi) {
        ChatCompletionsCodec.MaxTokensField maxField() {
            return openAi
                    ? ChatCompletionsCodec.MaxTokensField.MAX_COMPLETION_TOKENS
                    : ChatCompletionsCodec.MaxTokensField.MAX_TOKENS;
        }

        @Override
        public String toString() {
            return "Target[" + url + ", " + api + "]";
        }
    }

    private Target target(ModelCall call) {
        ModelSpec spec = catalog.find(call.model()).orElse(null);
        if (spec == null) {
            throw new ProviderException.InvalidRequest(
                    name,
                    call.model(),
                    0,
                    null,
                    "model '" + call.model() + "' is not in the catalog; known: " + String.join(", ", catalog.ids()),
                    "model");
        }
        Endpoint endpoint = spec.endpoint();
        URI base = endpoint.baseUrl();
        boolean openAi = base.equals(Endpoint.OPENAI.baseUrl());
        String override = env.get(BASE_URL_ENV);
        if (openAi && override != null && !override.isBlank()) {
            try {
                base = URI.create(override.trim());
                if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                    throw new IllegalArgumentException("not http or https");
                }
            } catch (IllegalArgumentException e) {
                throw new ProviderException.InvalidRequest(
                        name,
                        call.model(),
                        0,
                        null,
                        BASE_URL_ENV + " must be an http or https URL, got '" + OpenAiErrors.snippet(override) + "'",
                        null);
            }
        }
        String key = null;
        if (endpoint.apiKeyEnv() != null) {
            key = env.get(endpoint.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new ProviderException.AuthenticationFailed(
                        name,
                        call.model(),
                        0,
                        null,
                        "environment variable " + endpoint.apiKeyEnv() + " is not set; set it to the API key for "
                                + endpoint.baseUrl());
            }
            key = key.trim();
        }
        String path = endpoint.api() == WireApi.RESPONSES ? "/responses" : "/chat/completions";
        String baseText = base.toString();
        URI url = URI.create((baseText.endsWith("/") ? baseText.substring(0, baseText.length() - 1) : baseText) + path);
        return new Target(url, key, endpoint.api(), openAi);
    }

    private StreamEvent.Failed failed(ProviderException e) {
        return new StreamEvent.Failed(e, Usage.ZERO, false, false);
    }

    private StreamEvent.Failed partial(ProviderException e, WireStreamDecoder decoder, Supplier<Usage> estimate) {
        Usage reported = decoder.reportedUsage().orElse(null);
        return new StreamEvent.Failed(
                e, reported != null ? reported : estimate.get(), reported == null, decoder.receivedOutput());
    }

    private ProviderException.BrokenStream broken(ModelCall call, @Nullable String requestId, String message) {
        return new ProviderException.BrokenStream(name, call.model(), requestId, message);
    }

    private ProviderException.Timeout stalled(ModelCall call) {
        return new ProviderException.Timeout(
                name, call.model(), "no data for " + stalls.timeout() + " in the middle of the answer");
    }

    private ProviderException.Cancelled cancelled(ModelCall call) {
        return new ProviderException.Cancelled(name, call.model(), "the call was interrupted");
    }

    private ProviderException unreachable(ModelCall call, Target target, IOException e) {
        return new ProviderException.ServerError(
                name, call.model(), 0, null, "cannot reach " + target.url + ": " + describe(e, target));
    }

    private String timeoutMessage(HttpTimeoutException e) {
        return e instanceof java.net.http.HttpConnectTimeoutException
                ? "connect timed out"
                : "no answer within " + requestTimeout;
    }

    private static String describe(IOException e, Target target) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (target.apiKey != null) {
            message = message.replace(target.apiKey, "***");
        }
        return OpenAiErrors.snippet(message);
    }

    private static byte[] redact(byte[] body, @Nullable String key) {
        if (key == null || key.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(key) ? text.replace(key, "***").getBytes(StandardCharsets.UTF_8) : body;
    }

    private static Duration between(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Configures an {@link OpenAiProvider}. Not thread-safe; the built provider is immutable. */
    public static final class Builder {
        private final Catalog catalog;
        private String name = "openai";
        private @Nullable HttpClient http;
        private Map<String, String> env = System.getenv();
        private Clock clock = Clock.systemUTC();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private @Nullable TokenCounter counter;

        private Builder(Catalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
        }

        /** The provider name in errors and traces (default {@code openai}). */
        public Builder name(String name) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("provider name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** The HTTP client (default: HTTP/1.1 with the connect timeout). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** Where API keys and {@code OPENAI_BASE_URL} are read (default: the process environment). */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /** The clock timing first token and latency (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long to wait for the answer's headers, and for more of a streamed body after them
         * (default 60 s); longer is a {@code Timeout}.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * How long to wait for a connection (default 10 s) when this builder makes the client.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The token counter for estimates (default: a new o200k_base counter). */
        public Builder tokenCounter(TokenCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /** The provider. */
        public OpenAiProvider build() {
            return new OpenAiProvider(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
