package dev.flotilla.sim.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.openai.ChatCompletionsCodec;
import dev.flotilla.openai.OpenAiErrors;
import dev.flotilla.openai.RateLimitHeaders;
import dev.flotilla.openai.ResponsesCodec;
import dev.flotilla.openai.WireFormatException;
import dev.flotilla.openai.WireJson;
import dev.flotilla.openai.WireStreamEncoder;
import dev.flotilla.openai.sse.SseEvent;
import dev.flotilla.openai.sse.SseWriter;
import dev.flotilla.openai.wire.ChatCompletionRequest;
import dev.flotilla.openai.wire.ResponsesRequest;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.provider.RateLimitSnapshot;
import dev.flotilla.provider.StreamEvent;
import dev.flotilla.sim.Fault;
import dev.flotilla.sim.SimPlan;
import dev.flotilla.sim.SimulatedProvider;
import dev.flotilla.sim.Simulator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP routes of {@code flotilla sim serve}: requests are read and answers written with the
 * flotilla-openai codecs (no wire types of its own); the simulator plans each call and
 * {@link SimulatedProvider#play} paces it.
 */
public final class SimHttpApi {
    private static final long FALLBACK_MAX_OUTPUT = 4096;

    private final Simulator simulator;
    private final SimulatedProvider provider;
    private final Clock wallClock;
    private final ObjectMapper mapper = WireJson.newMapper();
    private final ChatCompletionsCodec chat = new ChatCompletionsCodec(mapper);
    private final ResponsesCodec responses = new ResponsesCodec(mapper);
    private final AtomicLong calls = new AtomicLong();

    /** Routes answering with {@code simulator}'s plans; {@code wallClock} stamps {@code created}. */
    public SimHttpApi(Simulator simulator, Clock wallClock) {
        this.simulator = simulator;
        this.provider = new SimulatedProvider(simulator);
        this.wallClock = wallClock;
    }

    /** Adds the routes and the error handlers. */
    public void register(RoutesConfig routes) {
        routes.get("/v1/models", this::models);
        routes.get("/v1/models/{model}", this::model);
        routes.post("/v1/chat/completions", ctx -> answer(ctx, chatApi(ctx.bodyAsBytes())));
        routes.post("/v1/responses", ctx -> answer(ctx, responsesApi(ctx.bodyAsBytes())));
        routes.exception(
                WireFormatException.class,
                (e, ctx) -> sendError(
                        ctx,
                        OpenAiErrors.invalidRequest(
                                OpenAiErrors.snippet(e.getMessage()), e.param().orElse(null)),
                        null,
                        RateLimitSnapshot.NONE));
        routes.error(404, "*", ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint")) {
                sendError(
                        ctx,
                        OpenAiErrors.invalidRequest(
                                "Unknown route " + ctx.method() + " " + ctx.path()
                                        + "; the simulator serves /v1/chat/completions, /v1/responses, /v1/models",
                                null),
                        null,
                        RateLimitSnapshot.NONE);
                ctx.status(404);
            }
        });
    }

    /** One wire API's view of a request, so both APIs share the answering flow. */
    private interface Api {
        String model();

        boolean streaming();

        ModelCall toModelCall(String callId, long defaultMaxOutput);

        Object toWireResponse(ModelResult result, String id, long created);

        WireStreamEncoder encoder(String id, String model, long created);

        String idPrefix();

        byte[] write(Object wire);

        /** A body cut short: what a client reads when the answer is malformed or the connection drops. */
        String truncatedBody(String id, String model);

        /** A stream event whose JSON is cut short. */
        String malformedEvent(String id);
    }

    private Api chatApi(byte[] body) {
        ChatCompletionRequest request = chat.parseRequest(body);
        return new Api() {
            @Override
            public String model() {
                return request.model();
            }

            @Override
            public boolean streaming() {
                return request.streaming();
            }

            @Override
            public ModelCall toModelCall(String callId, long defaultMaxOutput) {
                return chat.toModelCall(request, callId, defaultMaxOutput);
            }

            @Override
            public Object toWireResponse(ModelResult result, String id, long created) {
                return chat.toWireResponse(result, id, created);
            }

            @Override
            public WireStreamEncoder encoder(String id, String model, long created) {
                return chat.streamEncoder(id, model, created, request.includeUsage());
            }

            @Override
            public String idPrefix() {
                return "chatcmpl-";
            }

            @Override
            public byte[] write(Object wire) {
                return chat.write(wire);
            }

            @Override
            public String truncatedBody(String id, String model) {
                return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"model\":\"" + model
                        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"[simul";
            }

            @Override
            public String malformedEvent(String id) {
                return SseWriter.format(SseEvent.data("{\"id\":\"" + id
                        + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"));
            }
        };
    }

    private Api responsesApi(byte[] body) {
        ResponsesRequest request = responses.parseRequest(body);
        return new Api() {
            @Override
            public String model() {
                return request.model();
            }

            @Override
            public boolean streaming() {
                return request.streaming();
            }

            @Override
            public ModelCall toModelCall(String callId, long defaultMaxOutput) {
                return responses.toModelCall(request, callId, defaultMaxOutput);
            }

            @Override
            public Object toWireResponse(ModelResult result, String id, long created) {
                return responses.toWireResponse(result, id, created);
            }

            @Override
            public WireStreamEncoder encoder(String id, String model, long created) {
                return responses.streamEncoder(id, model, created);
            }

            @Override
            public String idPrefix() {
                return "resp_";
            }

            @Override
            public byte[] write(Object wire) {
                return responses.write(wire);
            }

            @Override
            public String truncatedBody(String id, String model) {
                return "{\"id\":\"" + id + "\",\"object\":\"response\",\"model\":\"" + model
                        + "\",\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"[sim";
            }

            @Override
            public String malformedEvent(String id) {
                return SseWriter.format(SseEvent.of(
                        "response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":"));
            }
        };
    }

    private void answer(Context ctx, Api api) {
        long start = simulator.clock().nanoTime();
        long defaultMax = simulator
                .catalog()
                .find(api.model())
                .map(ModelSpec::maxOutputTokens)
                .orElse(FALLBACK_MAX_OUTPUT);
        long sequence = calls.incrementAndGet();
        ModelCall call = api.toModelCall("sim-http-" + sequence, defaultMax);
        SimPlan plan = simulator.plan(call);
        String id = api.idPrefix() + plan.requestId().replace("req_", "");
        long created = wallClock.instant().getEpochSecond();
        switch (plan) {
            case SimPlan.Refused refused -> {
                try {
                    simulator.clock().sleep(refused.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sendError(ctx, reply(refused.error(), refused.rateLimits()), refused.requestId(), refused.rateLimits());
            }
            case SimPlan.Answer answer -> {
                if (api.streaming()) {
                    stream(ctx, api, call, answer, start, id, created);
                } else {
                    whole(ctx, api, call, answer, start, id, created);
                }
            }
        }
    }

    private void whole(
            Context ctx, Api api, ModelCall call, SimPlan.Answer answer, long start, String id, long created) {
        StreamEvent[] terminal = new StreamEvent[1];
        provider.play(call, answer, start, event -> {
            if (event.isTerminal()) {
                terminal[0] = event;
            }
        });
        headers(ctx, answer.requestId(), answer.rateLimits());
        switch (terminal[0]) {
            case StreamEvent.Completed completed -> {
                ctx.status(200);
                ctx.contentType("application/json");
                ctx.result(api.write(api.toWireResponse(completed.result(), id, created)));
            }
            case StreamEvent.Failed failed when failed.error() instanceof ProviderException.Cancelled -> {
                // The caller went away; nothing to answer.
            }
            case StreamEvent.Failed failed
            when answer.midStreamFault() instanceof Fault.StreamError ->
                sendError(
                        ctx,
                        OpenAiErrors.serverError(
                                500, OpenAiErrors.snippet(failed.error().getMessage())),
                        answer.requestId(),
                        answer.rateLimits());
            case StreamEvent.Failed failed -> {
                // Malformed JSON or a connection cut mid-body: the client reads a truncated body.
                ctx.status(200);
                ctx.contentType("application/json");
                ctx.result(api.truncatedBody(id, answer.model()).getBytes(StandardCharsets.UTF_8));
            }
            case null, default -> throw new IllegalStateException("the simulator ended without a terminal event");
        }
    }

    private void stream(
            Context ctx, Api api, ModelCall call, SimPlan.Answer answer, long start, String id, long created) {
        headers(ctx, answer.requestId(), answer.rateLimits());
        ctx.status(200);
        ctx.contentType("text/event-stream");
        ctx.header("Cache-Control", "no-cache");
        WireStreamEncoder encoder = api.encoder(id, answer.model(), created);
        OutputStream out;
        try {
            // The servlet stream itself: Javalin's own buffers the whole answer until the handler ends.
            out = ctx.res().getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Fault fault = answer.midStreamFault();
        try {
            provider.play(call, answer, start, event -> {
                if (event instanceof StreamEvent.Failed failed) {
                    switch (fault) {
                        // A cut stream simply ends: no terminal chunk, no [DONE].
                        case Fault.BrokenStream b -> {
                            return;
                        }
                        case Fault.MalformedJson m -> {
                            write(out, api.malformedEvent(id));
                            return;
                        }
                        case null, default -> {
                            if (failed.error() instanceof ProviderException.Cancelled) {
                                return;
                            }
                        }
                    }
                }
                for (SseEvent sse : encoder.encode(event)) {
                    write(out, SseWriter.format(sse));
                }
            });
        } catch (UncheckedIOException e) {
            // The client disconnected mid-stream; the simulation ends with it.
        }
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OpenAiErrors.ErrorReply reply(ProviderException error, RateLimitSnapshot limits) {
        if (error instanceof ProviderException.RateLimited limited) {
            return OpenAiErrors.rateLimited(
                    OpenAiErrors.snippet(limited.getMessage()),
                    limited.limit(),
                    limited.retryAfter().orElse(null),
                    limits);
        }
        return OpenAiErrors.toReply(error);
    }

    private void sendError(
            Context ctx, OpenAiErrors.ErrorReply reply, @Nullable String requestId, RateLimitSnapshot limits) {
        headers(ctx, requestId, limits);
        reply.headers().forEach(ctx::header);
        ctx.status(reply.status());
        ctx.contentType("application/json");
        ctx.result(chat.write(reply.body()));
    }

    private static void headers(Context ctx, @Nullable String requestId, RateLimitSnapshot limits) {
        if (requestId != null) {
            ctx.header("x-request-id", requestId);
        }
        RateLimitHeaders.write(limits).forEach(ctx::header);
    }

    private void models(Context ctx) {
        ObjectNode list = mapper.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (ModelSpec spec : simulator.catalog().models()) {
            data.add(modelNode(spec));
        }
        ctx.contentType("application/json");
        ctx.result(json(list));
    }

    private void model(Context ctx) {
        String id = ctx.pathParam("model");
        var spec = simulator.catalog().find(id);
        if (spec.isEmpty()) {
            sendError(
                    ctx,
                    OpenAiErrors.invalidRequest(
                            "The model '" + id + "' does not exist; simulated models: "
                                    + String.join(", ", simulator.catalog().ids()),
                            "model"),
                    null,
                    RateLimitSnapshot.NONE);
            ctx.status(404);
            return;
        }
        ctx.contentType("application/json");
        ctx.result(json(modelNode(spec.get())));
    }

    private ObjectNode modelNode(ModelSpec spec) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", spec.id());
        node.put("object", "model");
        node.put("created", 0);
        node.put("owned_by", "flotilla-sim");
        node.put("tier", spec.tier().name().toLowerCase(Locale.ROOT));
        node.put("context_window", spec.contextWindow());
        node.put("max_output_tokens", spec.maxOutputTokens());
        return node;
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
