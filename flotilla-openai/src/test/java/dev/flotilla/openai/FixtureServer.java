package dev.flotilla.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real HTTP server on 127.0.0.1 that answers every request with one handler; records requests. */
final class FixtureServer implements AutoCloseable {
    record Recorded(String method, String path, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile HttpHandler handler = exchange -> {
        throw new IOException("no handler");
    };

    FixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT/v1}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    List<Recorded> requests() {
        return requests;
    }

    void handle(HttpHandler next) {
        this.handler = next;
    }

    /** Answers with a recorded fixture: status line, headers, blank line, body (byte-exact). */
    void serve(String fixture) throws IOException {
        byte[] all;
        try (InputStream in = FixtureServer.class.getResourceAsStream("/fixtures/" + fixture)) {
            all = Objects.requireNonNull(in, fixture).readAllBytes();
        }
        String text = new String(all, StandardCharsets.UTF_8);
        int split = text.indexOf("\n\n");
        String[] head = text.substring(0, split).split("\n");
        byte[] body = text.substring(split + 2).getBytes(StandardCharsets.UTF_8);
        int status = Integer.parseInt(head[0].split(" ")[1]);
        handle(exchange -> {
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                exchange.getResponseHeaders()
                        .add(
                                head[i].substring(0, colon).trim(),
                                head[i].substring(colon + 1).trim());
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().add("content-type", contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
