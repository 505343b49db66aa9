package dev.flotilla.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.budget.BudgetLevel;
import dev.flotilla.budget.BudgetLimits;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.BudgetWindow;
import dev.flotilla.budget.Budgets;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Tier;
import dev.flotilla.catalog.UnknownModelException;
import dev.flotilla.gateway.GatewayConfig;
import dev.flotilla.gateway.TaskClassifier;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.openai.ChatCompletionsCodec;
import dev.flotilla.openai.OpenAiErrors;
import dev.flotilla.openai.ResponsesCodec;
import dev.flotilla.openai.WireFormatException;
import dev.flotilla.openai.WireStreamEncoder;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.sse.SseWriter;
import dev.flotilla.openai.wire.ChatCompletionRequest;
import dev.flotilla.openai.wire.ResponsesRequest;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.routing.CallOptions;
import dev.flotilla.routing.Requirements;
import dev.flotilla.routing.RoutedCallException;
import dev.flotilla.routing.RoutedCaller;
import dev.flotilla.routing.RoutedResult;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.store.VirtualKey;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /v1/chat/completions} and {@code POST /v1/responses}: authenticate, read the
 * body under the size cap, validate (message count, output cap against the model's maximum), pick
 * the model ({@code auto}, a tier alias or a catalog id, within the key's allow-list), apply the
 * key's RPM/TPM limits, then make the routed call (budget escrow and metering happen per attempt
 * in the hook) and answer, whole or as SSE. Every refusal before the routed call costs nothing.
 */
public final class CompletionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionHandler.class);

    /** The header that names the task kind for {@code auto} and tier aliases. */
    public static final String TASK_KIND_HEADER = "x-flotilla-task-kind";

    /** Which wire API a route serves. */
    public enum Api {
        CHAT("chat"),
        RESPONSES("responses");

        private final String label;

        Api(String label) {
            this.label = label;
        }

        /** The metrics label. */
        public String label() {
            return label;
        }
    }

    /** The collaborators a handler needs. */
    public record Deps(
            Catalog catalog,
            RoutedCaller caller,
            Budgets budgets,
            Exchanges exchanges,
            GatewayMetrics metrics,
            @Nullable KeyAuthenticator keys,
            boolean keysRequired,
            KeyLimiter limiter,
            TaskClassifier classifier,
            TokenCounter tokens,
            ObjectMapper mapper,
            GatewayConfig config,
            Clock clock,
            LongSupplier nanoTime,
            Supplier<String> ids) {
        public Deps {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(budgets, "budgets");
            Objects.requireNonNull(exchanges, "exchanges");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(limiter, "limiter");
            Objects.requireNonNull(classifier, "classifier");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(mapper, "mapper");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(nanoTime, "nanoTime");
            Objects.requireNonNull(ids, "ids");
        }
    }

    /** A parsed request, whichever API it came through. */
    private record Parsed(
            String model,
            int items,
            @Nullable Long explicitMax,
            String maxParam,
            boolean stream,
            boolean includeUsage,
            LongFunction<ModelCall> toCall) {}

    /** The model choice for a request. */
    private record Choice(@Nullable String named, @Nullable Set<String> allowed, long maxOutput, boolean auto) {}

    private final Deps d;
    private final ChatCompletionsCodec chat;
    private final ResponsesCodec responses;
    private final Map<String, BigDecimal> definedBudgets = new ConcurrentHashMap<>();

    /** A handler over these collaborators. */
    public CompletionHandler(Deps deps) {
        this.d = Objects.requireNonNull(deps, "deps");
        this.chat = new ChatCompletionsCodec(deps.mapper());
        this.responses = new ResponsesCodec(deps.mapper());
    }

    /** Serves one request; never throws (every failure becomes an OpenAI-shaped error reply). */
    public void handle(Context ctx, Api api) {
        long started = d.nanoTime().getAsLong();
        int status = 200;
        try {
            status = serve(ctx, api, started);
        } catch (HttpFailure failure) {
            status = failure.reply().status();
            sendError(ctx.res(), failure.reply());
        } catch (RuntimeException e) {
            LOG.error("unexpected failure serving {}: {}", api.label(), e.toString(), e);
            status = 500;
            sendError(
                    ctx.res(),
                    OpenAiErrors.serverError(
                            500, "the gateway failed: " + e.getClass().getSimpleName()));
        }
        d.metrics().request(api.label(), status);
    }

    /** Authenticates a request to any authenticated route; empty in open mode without a key. */
    public Optional<VirtualKey> authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        }
        KeyAuthenticator keys = d.keys();
        if (token != null && keys != null) {
            Optional<VirtualKey> key = keys.authenticate(token);
            if (key.isPresent()) {
                return key;
            }
            if (d.keysRequired() || token.startsWith("fk-")) {
                throw new HttpFailure(new OpenAiErrors.ErrorReply(
                        401,
                        OpenAiErrors.body(
                                "Incorrect API key provided: the key is unknown, revoked or malformed",
                                "invalid_request_error",
                                null,
                                "invalid_api_key"),
                        Map.of()));
            }
        }
        if (d.keysRequired()) {
            throw new HttpFailure(new OpenAiErrors.ErrorReply(
                    401,
                    OpenAiErrors.body(
                            "You didn't provide an API key. Send a virtual key (see `flotilla keys create`) as"
                                    + " 'Authorization: Bearer fk-...'",
                            "invalid_request_error",
                            null,
                            "missing_api_key"),
                    Map.of()));
        }
        return Optional.empty();
    }

    /** Sends an error reply in OpenAI's shape. */
    public void sendError(HttpServletResponse res, OpenAiErrors.ErrorReply reply) {
        if (res.isCommitted()) {
            return;
        }
        res.setStatus(reply.status());
        reply.headers().forEach(res::setHeader);
        res.setContentType("application/json");
        try {
            byte[] body = d.mapper().writeValueAsBytes(reply.body());
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        } catch (IOException e) {
            LOG.debug("client went away before the error reply: {}", e.toString());
        }
    }

    private int serve(Context ctx, Api api, long started) {
        VirtualKey key = authenticate(ctx).orElse(null);
        byte[] body = readBody(ctx);
        String callId = "gw-" + d.ids().get();
        Parsed parsed = parse(api, body, callId);
        if (parsed.items() > d.config().maxMessages()) {
            throw new HttpFailure(OpenAiErrors.invalidRequest(
                    (api == Api.CHAT ? "messages" : "input") + " has " + parsed.items()
                            + " items; this gateway accepts at most "
                            + d.config().maxMessages(),
                    api == Api.CHAT ? "messages" : "input"));
        }
        Choice choice = choose(parsed.model(), key);
        if (parsed.explicitMax() != null && parsed.explicitMax() > choice.maxOutput()) {
            throw new HttpFailure(OpenAiErrors.invalidRequest(
                    parsed.maxParam() + " is " + parsed.explicitMax() + ", above the maximum output of "
                            + (choice.named() != null ? choice.named() : "every model this request may use") + " ("
                            + choice.maxOutput() + ")",
                    parsed.maxParam()));
        }
        ModelCall call;
        try {
            call = parsed.toCall().apply(Math.min(d.config().defaultMaxOutputTokens(), choice.maxOutput()));
        } catch (WireFormatException e) {
            throw new HttpFailure(
                    OpenAiErrors.invalidRequest(e.getMessage(), e.param().orElse(null)));
        } catch (IllegalArgumentException e) {
            throw new HttpFailure(OpenAiErrors.invalidRequest(e.getMessage(), null));
        }
        TaskKind kind = kind(ctx, call, choice);
        call = new ModelCall(
                call.callId(),
                call.model(),
                call.messages(),
                call.tools(),
                call.toolChoice(),
                call.responseSchema(),
                call.maxOutputTokens(),
                call.reasoningEffort(),
                kind,
                call.extra());
        Requirements requirements = requirements(call);
        long rateTokens = requirements.rateLimitTokens();
        if (key != null) {
            Optional<KeyLimiter.Denied> denied = d.limiter().tryAcquire(key, rateTokens);
            if (denied.isPresent()) {
                KeyLimiter.Denied no = denied.get();
                throw new HttpFailure(OpenAiErrors.rateLimited(
                        "Rate limit reached for key " + key.id() + " on " + (no.tokens() ? "tokens" : "requests")
                                + " per min: limit " + no.limit() + ". Please try again in "
                                + no.retryAfter().toMillis() + "ms.",
                        no.tokens() ? ProviderException.LimitKind.TOKENS : ProviderException.LimitKind.REQUESTS,
                        no.retryAfter(),
                        RateLimitSnapshot.NONE));
            }
        }
        String budgetId = key == null ? null : keyBudget(key);
        Exchange exchange = new Exchange(callId, budgetId);
        CallOptions options = CallOptions.DEFAULT.withModel(choice.named()).withAllowedModels(choice.allowed());
        d.exchanges().register(exchange);
        long used = 0;
        try {
            if (parsed.stream()) {
                used = stream(ctx.res(), api, parsed, call, kind, requirements, options, exchange, started);
            } else {
                used = whole(ctx.res(), api, call, kind, requirements, options, exchange, started);
            }
            return 200;
        } catch (RoutedCallException e) {
            OpenAiErrors.ErrorReply reply = failureReply(e, exchange);
            sendError(ctx.res(), reply);
            return reply.status();
        } finally {
            d.exchanges().remove(exchange);
            if (key != null) {
                d.limiter().giveBack(key, rateTokens - used);
            }
        }
    }

    private long whole(
            HttpServletResponse res,
            Api api,
            ModelCall call,
            TaskKind kind,
            Requirements requirements,
            CallOptions options,
            Exchange exchange,
            long started) {
        RoutedResult routed = d.caller().call(call, kind, requirements, options);
        long created = d.clock().instant().getEpochSecond();
        String id = d.ids().get();
        byte[] body = switch (api) {
            case CHAT -> chat.write(chat.toWireResponse(routed.result(), "chatcmpl-" + id, created));
            case RESPONSES -> responses.write(responses.toWireResponse(routed.result(), "resp_" + id, created));
        };
        long overhead = d.nanoTime().getAsLong() - started - exchange.upstreamNanos();
        res.setStatus(200);
        res.setContentType("application/json");
        flotillaHeaders(res, routed.model(), exchange);
        res.setHeader("x-flotilla-cost-usd", exchange.costUsd().toPlainString());
        res.setHeader("x-flotilla-overhead-ms", millis(overhead));
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            LOG.debug("client went away before the answer: {}", e.toString());
        }
        d.metrics().timing(overhead, exchange.upstreamNanos());
        d.metrics().cost(routed.model(), exchange.costUsd());
        return routed.result().usage().totalTokens();
    }

    /** Streams an answer; returns the tokens used. */
    private long stream(
            HttpServletResponse res,
            Api api,
            Parsed parsed,
            ModelCall call,
            TaskKind kind,
            Requirements requirements,
            CallOptions options,
            Exchange exchange,
            long started) {
        StreamWriter writer = new StreamWriter(res, api, parsed.includeUsage(), exchange, started);
        RoutedResult routed;
        try {
            routed = d.caller().stream(call, kind, requirements, options, writer::accept);
        } catch (RoutedCallException e) {
            if (!writer.started) {
                throw e; // nothing sent yet: an ordinary error reply
            }
            // the in-band error event was written by the writer from the final Failed event
            LOG.debug("stream {} failed after output: {}", exchange.callId(), e.getMessage());
            d.metrics().timing(d.nanoTime().getAsLong() - started - exchange.upstreamNanos(), exchange.upstreamNanos());
            return 0;
        }
        d.metrics().timing(d.nanoTime().getAsLong() - started - exchange.upstreamNanos(), exchange.upstreamNanos());
        d.metrics().cost(routed.model(), exchange.costUsd());
        return routed.result().usage().totalTokens();
    }

    /** Writes stream events as SSE, starting the response at the first event. */
    private final class StreamWriter {
        private final HttpServletResponse res;
        private final Api api;
        private final boolean includeUsage;
        private final Exchange exchange;
        private final long startedAt;
        boolean started;
        private boolean clientGone;
        private @Nullable WireStreamEncoder encoder;
        private @Nullable OutputStream out;

        StreamWriter(HttpServletResponse res, Api api, boolean includeUsage, Exchange exchange, long startedAt) {
            this.res = res;
            this.api = api;
            this.includeUsage = includeUsage;
            this.exchange = exchange;
            this.startedAt = startedAt;
        }

        void accept(StreamEvent event) {
            if (clientGone) {
                return; // the upstream answer still completes, so the ledger holds its true usage
            }
            if (!started && event instanceof StreamEvent.Failed) {
                return; // nothing sent: the caller answers with an HTTP error status instead
            }
            try {
                if (!started) {
                    begin();
                }
                List<SseEvent> events = Objects.requireNonNull(encoder).encode(event);
                OutputStream sink = Objects.requireNonNull(out);
                for (int i = 0; i < events.size(); i++) {
                    if (event instanceof StreamEvent.Completed && i == events.size() - 1) {
                        sink.write(costComment().getBytes(StandardCharsets.UTF_8));
                    }
                    sink.write(SseWriter.encode(events.get(i)));
                }
                sink.flush();
            } catch (IOException e) {
                clientGone = true;
                LOG.debug("client left stream {}: {}", exchange.callId(), e.toString());
            }
        }

        private void begin() throws IOException {
            started = true;
            String model = Objects.requireNonNullElse(exchange.model(), "unknown");
            long created = d.clock().instant().getEpochSecond();
            String id = d.ids().get();
            encoder = switch (api) {
                case CHAT -> chat.streamEncoder("chatcmpl-" + id, model, created, includeUsage);
                case RESPONSES -> responses.streamEncoder("resp_" + id, model, created);
            };
            res.setStatus(200);
            res.setContentType("text/event-stream");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            flotillaHeaders(res, model, exchange);
            out = res.getOutputStream();
        }

        private String costComment() {
            long overhead = d.nanoTime().getAsLong() - startedAt - exchange.upstreamNanos();
            return SseWriter.comment(
                            "x-flotilla-cost-usd: " + exchange.costUsd().toPlainString())
                    + SseWriter.comment("x-flotilla-overhead-ms: " + millis(overhead));
        }
    }

    private void flotillaHeaders(HttpServletResponse res, String model, Exchange exchange) {
        res.setHeader("x-flotilla-model", model);
        res.setHeader("x-flotilla-route-reason", headerSafe(exchange.routeReason()));
    }

    private OpenAiErrors.ErrorReply failureReply(RoutedCallException e, Exchange exchange) {
        String refusal = exchange.refusal();
        if (refusal != null) {
            Instant now = d.clock().instant();
            Instant tomorrow = now.atZone(ZoneOffset.UTC)
                    .toLocalDate()
                    .plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            long seconds = Math.max(1, Duration.between(now, tomorrow).toSeconds());
            return new OpenAiErrors.ErrorReply(
                    429,
                    OpenAiErrors.body("Budget exceeded: " + refusal, "insufficient_quota", null, "budget_exceeded"),
                    Map.of("retry-after", Long.toString(seconds)));
        }
        if (e.getCause() instanceof ProviderException provider) {
            return OpenAiErrors.toReply(provider);
        }
        if (e.getCause() instanceof UnknownModelException unknown) {
            return notFound(unknown.getMessage());
        }
        String message = Objects.requireNonNullElse(e.getMessage(), "the call could not be routed");
        if (message.startsWith("no capacity on")) {
            return OpenAiErrors.rateLimited(
                    message, ProviderException.LimitKind.UNKNOWN, Duration.ofSeconds(1), RateLimitSnapshot.NONE);
        }
        return OpenAiErrors.invalidRequest("no model can take this request: " + message, "model");
    }

    // ------------------------------------------------------------------ request reading

    private byte[] readBody(Context ctx) {
        long cap = d.config().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > cap) {
            throw tooLarge(declared, cap);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] chunk = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                if (total > cap) {
                    throw tooLarge(total, cap);
                }
                buffer.write(chunk, 0, n);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new HttpFailure(
                    OpenAiErrors.invalidRequest("could not read the request body: " + e.getMessage(), null));
        }
    }

    private static HttpFailure tooLarge(long size, long cap) {
        return new HttpFailure(new OpenAiErrors.ErrorReply(
                413,
                OpenAiErrors.body(
                        "The request body is " + (size > cap ? "over " : "") + cap + " bytes, the most this gateway"
                                + " accepts",
                        "invalid_request_error",
                        null,
                        "request_too_large"),
                Map.of()));
    }

    private Parsed parse(Api api, byte[] body, String callId) {
        try {
            return switch (api) {
                case CHAT -> {
                    ChatCompletionRequest request = chat.parseRequest(body);
                    Long max =
                            request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
                    yield new Parsed(
                            request.model(),
                            request.messages().size(),
                            max,
                            request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens",
                            request.streaming(),
                            request.includeUsage(),
                            cap -> chat.toModelCall(request, callId, cap));
                }
                case RESPONSES -> {
                    ResponsesRequest request = responses.parseRequest(body);
                    JsonNode input = request.input();
                    int items = input == null ? 0 : input.isArray() ? input.size() : 1;
                    yield new Parsed(
                            request.model(),
                            items,
                            request.maxOutputTokens(),
                            "max_output_tokens",
                            request.streaming(),
                            true,
                            cap -> responses.toModelCall(request, callId, cap));
                }
            };
        } catch (WireFormatException e) {
            throw new HttpFailure(
                    OpenAiErrors.invalidRequest(e.getMessage(), e.param().orElse(null)));
        } catch (RuntimeException e) {
            throw new HttpFailure(
                    OpenAiErrors.invalidRequest("the request body is not valid: " + e.getMessage(), null));
        }
    }

    // ------------------------------------------------------------------ model choice

    private Choice choose(String requested, @Nullable VirtualKey key) {
        Set<String> keyModels = key == null ? Set.of() : key.models();
        if (requested.equals("auto")) {
            List<ModelSpec> candidates = d.catalog().models().stream()
                    .filter(ModelSpec::autoRoute)
                    .filter(m -> keyModels.isEmpty() || keyModels.contains(m.id()))
                    .toList();
            if (candidates.isEmpty()) {
                throw forbidden("this key may not use any automatically routed model; it allows: "
                        + String.join(", ", keyModels));
            }
            return new Choice(null, keyModels.isEmpty() ? null : Set.copyOf(keyModels), maxOf(candidates), true);
        }
        Tier tier = tierOf(requested);
        if (tier != null) {
            // A tier alias names the tier's model (the catalog's pick, else the first the key may use).
            ModelSpec pick = d.catalog()
                    .forTier(tier)
                    .filter(m -> keyModels.isEmpty() || keyModels.contains(m.id()))
                    .or(() -> d.catalog().models().stream()
                            .filter(m -> m.tier() == tier)
                            .filter(m -> keyModels.isEmpty() || keyModels.contains(m.id()))
                            .findFirst())
                    .orElseThrow(() -> d.catalog().models().stream().anyMatch(m -> m.tier() == tier)
                            ? forbidden("this key may not use any " + tier.wireName() + " model; it allows: "
                                    + String.join(", ", keyModels))
                            : new HttpFailure(notFound("the catalog has no " + tier.wireName() + " model")));
            return new Choice(pick.id(), null, pick.maxOutputTokens(), true);
        }
        Optional<ModelSpec> model = d.catalog().find(requested);
        if (model.isEmpty()) {
            throw new HttpFailure(notFound("The model '" + requested + "' does not exist; accepted: auto, flagship,"
                    + " mini, nano, or a catalog id ("
                    + String.join(", ", d.catalog().ids()) + ")"));
        }
        if (key != null && !key.allows(requested)) {
            throw forbidden("this key may not use model '" + requested + "'; it allows: "
                    + String.join(", ", new LinkedHashSet<>(keyModels)));
        }
        return new Choice(requested, null, model.get().maxOutputTokens(), false);
    }

    private static @Nullable Tier tierOf(String name) {
        for (Tier tier : Tier.values()) {
            if (tier.wireName().equals(name)) {
                return tier;
            }
        }
        return null;
    }

    private static long maxOf(List<ModelSpec> models) {
        return models.stream().mapToLong(ModelSpec::maxOutputTokens).max().orElse(1);
    }

    private static HttpFailure forbidden(String message) {
        return new HttpFailure(new OpenAiErrors.ErrorReply(
                403, OpenAiErrors.body(message, "invalid_request_error", "model", "model_not_allowed"), Map.of()));
    }

    private static OpenAiErrors.ErrorReply notFound(String message) {
        return new OpenAiErrors.ErrorReply(
                404, OpenAiErrors.body(message, "invalid_request_error", "model", "model_not_found"), Map.of());
    }

    private TaskKind kind(Context ctx, ModelCall call, Choice choice) {
        String header = ctx.header(TASK_KIND_HEADER);
        if (header != null && !header.isBlank()) {
            try {
                return TaskKind.parse(header.trim());
            } catch (IllegalArgumentException e) {
                throw new HttpFailure(OpenAiErrors.invalidRequest(
                        "header " + TASK_KIND_HEADER + ": " + e.getMessage(), TASK_KIND_HEADER));
            }
        }
        return choice.auto() ? d.classifier().classify(call) : TaskKind.CHAT;
    }

    private Requirements requirements(ModelCall call) {
        return Requirements.forCall(call, d.tokens());
    }

    /** Defines (once, and again when its limit changes) the key's daily USD budget. */
    private @Nullable String keyBudget(VirtualKey key) {
        BigDecimal limit = key.budgetUsdPerDay();
        if (limit == null) {
            return null;
        }
        String id = "key:" + key.id();
        BigDecimal known = definedBudgets.get(id);
        if (known == null || known.compareTo(limit) != 0) {
            synchronized (definedBudgets) {
                known = definedBudgets.get(id);
                if (known == null || known.compareTo(limit) != 0) {
                    d.budgets()
                            .define(BudgetSpec.root(
                                    id, BudgetLevel.KEY, BudgetLimits.usd(limit.toPlainString()), BudgetWindow.DAY));
                    definedBudgets.put(id, limit);
                }
            }
        }
        return id;
    }

    // ------------------------------------------------------------------ helpers

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", Math.max(0, nanos) / 1_000_000.0);
    }

    /** Header values must be one line of visible ASCII. */
    private static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 300));
        for (int i = 0; i < value.length() && out.length() < 300; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return out.toString();
    }

    /** Serves {@code GET /v1/models}: the aliases and the catalog (filtered by the key's allow-list). */
    public void models(Context ctx) {
        try {
            byte[] body = modelList(authenticate(ctx).orElse(null));
            ctx.res().setContentType("application/json");
            ctx.res().getOutputStream().write(body);
        } catch (HttpFailure failure) {
            sendError(ctx.res(), failure.reply());
        } catch (IOException e) {
            LOG.debug("client went away before the model list: {}", e.toString());
        }
    }

    private byte[] modelList(@Nullable VirtualKey key) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (String alias : List.of("auto", "flagship", "mini", "nano")) {
            data.add(Map.of("id", alias, "object", "model", "created", 0, "owned_by", "flotilla"));
        }
        for (ModelSpec model : d.catalog().models()) {
            if (key == null || key.allows(model.id())) {
                data.add(Map.of("id", model.id(), "object", "model", "created", 0, "owned_by", "flotilla"));
            }
        }
        try {
            return d.mapper().writeValueAsBytes(Map.of("object", "list", "data", data));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the model list", e);
        }
    }
}
