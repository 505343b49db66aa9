package dev.flotilla.gateway;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.ledger.Ledger;
import dev.flotilla.limits.Sleeper;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import dev.flotilla.store.VirtualKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** A gateway on 127.0.0.1 port 0 over an SQLite ledger in a temp directory. */
final class GatewayFixture implements AutoCloseable {
    /** Retries back off without waiting; capacity waits stay real. */
    static final Sleeper NO_SLEEP = new Sleeper() {
        @Override
        public void sleep(java.time.Duration duration) {}

        @Override
        public void await(java.util.concurrent.locks.Condition condition, java.time.Duration max)
                throws InterruptedException {
            Sleeper.system().await(condition, max);
        }
    };

    final JdbcLedger ledger;
    final VirtualKeys keys;
    final Gateway gateway;
    // HTTP/1.1: the default h2c upgrade attempt on cleartext races under 200 concurrent requests.
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    GatewayFixture(Path dir, ModelProvider upstream, UnaryOperator<VirtualKeys> beforeStart) {
        this(dir, upstream, beforeStart, b -> b);
    }

    GatewayFixture(
            Path dir,
            ModelProvider upstream,
            UnaryOperator<VirtualKeys> beforeStart,
            UnaryOperator<Gateway.Builder> customize) {
        ledger = JdbcLedger.open(StoreConfig.sqlite(dir.resolve("flotilla.db")), Clock.systemUTC());
        keys = beforeStart.apply(VirtualKeys.of(ledger, Clock.systemUTC()));
        gateway = customize
                .apply(Gateway.builder(Catalog.bundled(), upstream, ledger)
                        .keys(keys)
                        .sleeper(NO_SLEEP))
                .build()
                .start();
    }

    Ledger ledger() {
        return ledger;
    }

    String base() {
        return gateway.baseUrl().toString();
    }

    HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String path, String key, String body, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("content-type", "application/json")
                .header("Authorization", "Bearer " + key)
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base().replace("/v1", "") + path))
                .GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.close();
        ledger.close();
    }
}
