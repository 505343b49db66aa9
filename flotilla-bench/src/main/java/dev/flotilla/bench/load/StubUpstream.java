package dev.flotilla.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A canned OpenAI-compatible upstream for load tests while the simulator is not built: answers
 * {@code POST /v1/responses} and {@code /v1/chat/completions} at once with a fixed answer (four
 * text deltas and usage), streamed as SSE when the body asks for it. Usage: {@code StubUpstream PORT}.
 */
public final class StubUpstream {
    private StubUpstream() {}

    private static final String TEXT_DELTAS = "Hello|, |world|!";

    /** Starts the server and blocks. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] responsesJson = responsesJson();
        byte[] responsesSse = responsesSse();
        byte[] chatJson = chatJson();
        byte[] chatSse = chatSse();
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String request = new String(body, StandardCharsets.UTF_8);
            boolean stream = request.contains("\"stream\":true");
            boolean responses = exchange.getRequestURI().getPath().endsWith("/responses");
            byte[] answer = responses ? (stream ? responsesSse : responsesJson) : (stream ? chatSse : chatJson);
            exchange.getResponseHeaders().add("content-type", stream ? "text/event-stream" : "application/json");
            exchange.getResponseHeaders().add("x-request-id", "req_stub");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        System.out.println("stub upstream ready at http://127.0.0.1:" + port + "/v1");
    }

    private static byte[] responsesJson() {
        return ("{\"id\":\"resp_stub\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\","
                        + "\"model\":\"gpt-5.4-mini\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":"
                        + "\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":"
                        + "\"Hello, world!\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":12,"
                        + "\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":4,"
                        + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":16}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] responsesSse() {
        StringBuilder out = new StringBuilder();
        String completed = new String(responsesJson(), StandardCharsets.UTF_8);
        out.append("event: response.created\ndata: {\"type\":\"response.created\",\"response\":")
                .append(completed.replace("\"completed\",\"model\"", "\"in_progress\",\"model\""))
                .append("}\n\n");
        for (String delta : TEXT_DELTAS.split("\\|")) {
            out.append("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                            + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"")
                    .append(delta)
                    .append("\"}\n\n");
        }
        out.append("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":")
                .append(completed)
                .append("}\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chatJson() {
        return ("{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-5.4-mini\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello, world!\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,"
                        + "\"total_tokens\":16}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chatSse() {
        StringBuilder out = new StringBuilder();
        String head = "data: {\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-5.4-mini\",\"choices\":[";
        out.append(head).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        for (String delta : TEXT_DELTAS.split("\\|")) {
            out.append(head)
                    .append("{\"index\":0,\"delta\":{\"content\":\"")
                    .append(delta)
                    .append("\"}}]}\n\n");
        }
        out.append(head).append("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        out.append(head).append("],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}\n\n");
        out.append("data: [DONE]\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
