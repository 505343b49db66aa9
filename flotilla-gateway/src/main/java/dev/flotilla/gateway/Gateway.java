package dev.flotilla.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.budget.EscrowBudgets;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.gateway.internal.CompletionHandler;
import dev.flotilla.gateway.internal.CostTap;
import dev.flotilla.gateway.internal.Exchanges;
import dev.flotilla.gateway.internal.GatewayHook;
import dev.flotilla.gateway.internal.GatewayMetrics;
import dev.flotilla.gateway.internal.KeyAuthenticator;
import dev.flotilla.gateway.internal.KeyLimiter;
import dev.flotilla.gateway.internal.TimedProvider;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.limits.Sleeper;
import dev.flotilla.metering.CallContext;
import dev.flotilla.metering.Meter;
import dev.flotilla.metering.MeteringHook;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.openai.WireJson;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.routing.Policies;
import dev.flotilla.routing.RetryPolicy;
import dev.flotilla.routing.RoutedCaller;
import dev.flotilla.routing.Router;
import dev.flotilla.store.VirtualKeys;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code flotilla serve}: an OpenAI-compatible HTTP API ({@code POST /v1/chat/completions}, {@code
 * POST /v1/responses}, {@code GET /v1/models}, {@code GET /health}, {@code GET /metrics}) on
 * Javalin with virtual threads. Each request goes through the same router, rate limits, escrow
 * budgets, meter and ledger as every other Flotilla call. With virtual keys in the store, every
 * request needs one ({@code Authorization: Bearer fk-...}); with none, the gateway binds to
 * 127.0.0.1 only and serves anonymous requests (a virtual key, when sent, still applies).
 */
public final class Gateway implements AutoCloseable {
    private final Javalin app;
    private final String host;
    private final boolean keysRequired;
    private final @Nullable String bindNote;
    private final CompletionHandler handler;
    private final GatewayMetrics metrics;

    private Gateway(Builder b) {
        Exchanges exchanges = new Exchanges();
        Ledger tapped = new CostTap(b.ledger, exchanges);
        EscrowBudgets budgets = new EscrowBudgets(b.clock, tapped);
        Meter meter = new Meter(b.catalog, tapped);
        MeteringHook metering = new MeteringHook(budgets, meter, b.clock, attempt -> {
            var exchange = exchanges.of(attempt.logicalCallId());
            if (exchange == null) {
                return null;
            }
            return new MeteringHook.Scope(new CallContext(null, exchange.callId(), null, "", exchange.budgetId()), 0);
        });
        Router router = new Router(b.catalog, b.policies);
        RoutedCaller.Builder caller = RoutedCaller.builder(router, new TimedProvider(b.provider, exchanges, b.nanoTime))
                .clock(b.clock)
                .hook(new GatewayHook(metering, exchanges));
        if (b.sleeper != null) {
            caller.sleeper(b.sleeper);
        }
        if (b.retryPolicy != null) {
            caller.retryPolicy(b.retryPolicy);
        }
        this.keysRequired = b.keys != null && b.keys.anyActive();
        String bindHost = b.config.host();
        String note = null;
        if (!keysRequired && !isLoopback(bindHost)) {
            note = "no virtual keys are configured, so the gateway binds to 127.0.0.1 only (not " + bindHost
                    + "); create one with `flotilla keys create` to serve other hosts";
            bindHost = "127.0.0.1";
        } else if (!keysRequired) {
            note = "no virtual keys are configured: serving anonymous requests on " + bindHost + " only";
        }
        this.host = bindHost;
        this.bindNote = note;
        this.metrics = new GatewayMetrics(exchanges);
        VirtualKeys store = b.keys;
        KeyAuthenticator authenticator =
                store == null ? null : new KeyAuthenticator(store::authenticate, b.clock, b.config.keyCacheTtl());
        ObjectMapper mapper = WireJson.newMapper();
        TokenCounter tokens = b.tokens != null ? b.tokens : TokenCounter.o200k();
        tokens.count("warm up"); // loads the encoding now rather than on the first request
        this.handler = new CompletionHandler(new CompletionHandler.Deps(
                b.catalog,
                caller.build(),
                budgets,
                exchanges,
                metrics,
                authenticator,
                keysRequired,
                new KeyLimiter(b.clock),
                b.classifier,
                tokens,
                mapper,
                b.config,
                b.clock,
                b.nanoTime,
                b.ids));
        String boundHost = bindHost;
        int port = b.config.port();
        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = boundHost;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = b.config.maxBodyBytes();
            cfg.routes.post("/v1/chat/completions", ctx -> handler.handle(ctx, CompletionHandler.Api.CHAT));
            cfg.routes.post("/v1/responses", ctx -> handler.handle(ctx, CompletionHandler.Api.RESPONSES));
            cfg.routes.get("/v1/models", handler::models);
            cfg.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
            cfg.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.scrape()));
        });
    }

    /**
     * A builder for a gateway in front of {@code provider}, routing over {@code catalog} and
     * recording into {@code ledger} (which the caller keeps and closes).
     */
    public static Builder builder(Catalog catalog, ModelProvider provider, Ledger ledger) {
        return new Builder(catalog, provider, ledger);
    }

    /**
     * Starts listening.
     *
     * @return this gateway
     */
    public Gateway start() {
        app.start();
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return app.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080/v1}. */
    public URI baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        if (h.equals("0.0.0.0")) {
            h = "127.0.0.1";
        }
        return URI.create("http://" + h + ":" + port() + "/v1");
    }

    /** The address bound. */
    public String host() {
        return host;
    }

    /** Whether every request needs a virtual key (some key was active at start). */
    public boolean keysRequired() {
        return keysRequired;
    }

    /** What the operator should know about the binding (no keys: loopback only), if anything. */
    public Optional<String> bindNote() {
        return Optional.ofNullable(bindNote);
    }

    /** Stops listening; requests in flight are cut. */
    @Override
    public void close() {
        app.stop();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Configures a {@link Gateway}. Not thread-safe; the gateway is. */
    public static final class Builder {
        private final Catalog catalog;
        private final ModelProvider provider;
        private final Ledger ledger;
        private Policies policies = Policies.bundled();
        private @Nullable VirtualKeys keys;
        private GatewayConfig config = GatewayConfig.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private TaskClassifier classifier = TaskClassifier.heuristic();
        private @Nullable TokenCounter tokens;
        private @Nullable Sleeper sleeper;
        private @Nullable RetryPolicy retryPolicy;
        private Supplier<String> ids = Builder::randomId;

        private Builder(Catalog catalog, ModelProvider provider, Ledger ledger) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.provider = Objects.requireNonNull(provider, "provider");
            this.ledger = Objects.requireNonNull(ledger, "ledger");
        }

        /** Routing policies (default: the bundled ones). */
        public Builder policies(Policies value) {
            this.policies = Objects.requireNonNull(value, "policies");
            return this;
        }

        /** The virtual key store; without one no request carries a key and the gateway is loopback only. */
        public Builder keys(@Nullable VirtualKeys value) {
            this.keys = value;
            return this;
        }

        /** Address, caps and defaults (default {@link GatewayConfig#DEFAULT}). */
        public Builder config(GatewayConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The clock for budgets windows, ledger times and key caching. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The monotonic nanosecond source for overhead measurement (default {@link System#nanoTime}). */
        public Builder nanoTime(LongSupplier value) {
            this.nanoTime = Objects.requireNonNull(value, "nanoTime");
            return this;
        }

        /** How {@code auto} and tier aliases get a task kind without the header (default heuristic). */
        public Builder classifier(TaskClassifier value) {
            this.classifier = Objects.requireNonNull(value, "classifier");
            return this;
        }

        /** The token counter (default o200k; building one takes about 0.3 s). */
        public Builder tokens(TokenCounter value) {
            this.tokens = Objects.requireNonNull(value, "tokens");
            return this;
        }

        /** The sleeper for retry back-off (default: really sleeps). */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** The retry policy (default {@link RetryPolicy#defaults}). */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** Where request ids come from (default: 96 random bits as hex). */
        public Builder ids(Supplier<String> value) {
            this.ids = Objects.requireNonNull(value, "ids");
            return this;
        }

        /** Builds the gateway (not yet listening: call {@link Gateway#start()}). */
        public Gateway build() {
            return new Gateway(this);
        }

        private static String randomId() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }
}
