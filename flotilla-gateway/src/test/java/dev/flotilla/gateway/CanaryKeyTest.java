package dev.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.openai.OpenAiProvider;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream API key never shows in logs, metrics, error bodies or the ledger. */
class CanaryKeyTest {
    static final String CANARY = "sk-canary-7f3a9c1e5b2d4f6a8c0e";
    static final String HELLO = "{\"model\":\"gpt-5.4-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    @Test
    void canaryKey_appearsNowhere() throws Exception {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
        // A leaky upstream: echoes the key it was sent in its error bodies and headers.
        HttpServer leaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        leaky.createContext("/", exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = exchange.getRequestURI().getPath().contains("responses") ? 401 : 500;
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + auth.substring(7)
                            + " (sent as " + auth + ")\",\"type\":\"invalid_request_error\",\"param\":null,"
                            + "\"code\":\"invalid_api_key\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-echo", auth);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        leaky.start();
        List<String> seen = new ArrayList<>();
        System.setErr(capture);
        System.setOut(capture);
        try (GatewayFixture inner = new GatewayFixture(dir.resolve("inner"), new FakeUpstream(), keys -> null)) {
            for (String base : List.of(
                    inner.base(), "http://127.0.0.1:" + leaky.getAddress().getPort() + "/v1")) {
                Path db = dir.resolve("outer-" + seen.size());
                try (JdbcLedger ledger = JdbcLedger.open(StoreConfig.sqlite(db.resolve("f.db")), Clock.systemUTC());
                        Gateway outer = Gateway.builder(
                                        Catalog.bundled(),
                                        OpenAiProvider.builder(Catalog.bundled())
                                                .env(Map.of("OPENAI_API_KEY", CANARY, "OPENAI_BASE_URL", base))
                                                .build(),
                                        ledger)
                                .sleeper(GatewayFixture.NO_SLEEP)
                                .build()
                                .start()) {
                    GatewayFixtureClient client =
                            new GatewayFixtureClient(outer.baseUrl().toString());
                    for (String body : List.of(HELLO, HELLO.replace("}]}", "}],\"stream\":true}"))) {
                        HttpResponse<String> response = client.post("/chat/completions", body);
                        seen.add(
                                response.statusCode() + " " + response.headers().map() + " " + response.body());
                    }
                    seen.add(client.get("/metrics"));
                    seen.add(client.get("/v1/models"));
                    ledger.calls(Instant.EPOCH).forEach(c -> seen.add(c.toString()));
                    ledger.reservations().forEach(r -> seen.add(r.toString()));
                }
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            leaky.stop(0);
        }
        String everything = String.join("\n", seen) + "\n" + logs.toString(StandardCharsets.UTF_8);

        assertThat(seen.getFirst()).startsWith("200 ");
        assertThat(everything).contains("Hello from gpt-5.4-mini"); // the good path really ran
        assertThat(everything).contains("invalid_api_key"); // and the leaky one
        assertThat(everything).doesNotContain(CANARY).doesNotContain("canary-7f3a");
    }

    /** A plain client for the outer gateway (no key). */
    record GatewayFixtureClient(String base) {
        HttpResponse<String> post(String path, String body) throws Exception {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                                    .header("content-type", "application/json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        }

        String get(String path) throws Exception {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base.replace("/v1", "") + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
