package dev.flotilla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP face on the wire: status codes, error bodies, headers and stream endings, byte for byte. */
class SimServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SimServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(SimServer::close);
        http.close();
    }

    private SimServer server(String scenarioYaml) {
        SimServer server = SimServer.start(
                Simulator.builder(SimFixtures.CATALOG)
                        .scenario(SimFixtures.scenario(scenarioYaml))
                        .tokenCounter(SimFixtures.TOKENS)
                        .speed(0)
                        .build(),
                "127.0.0.1",
                0);
        servers.add(server);
        return server;
    }

    private HttpResponse<String> post(SimServer server, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(String model, String prompt, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],"
                + "\"max_completion_tokens\":200,\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
    }

    @Test
    void baseUrl_isLoopbackWithTheBoundPort() {
        SimServer server = server("");
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
    }

    @Test
    void models_listsTheCatalog_andOneModelByItsId() throws Exception {
        SimServer server = server("");
        HttpResponse<String> list = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(list.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").findValuesAsText("id")).containsAll(SimFixtures.CATALOG.ids());

        HttpResponse<String> missing = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models/gpt-9"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").path("message").asText())
                .contains("gpt-9");
    }

    @Test
    void badRequestBody_is400_inOpenAisErrorShape() throws Exception {
        HttpResponse<String> response = post(server(""), "/chat/completions", "{\"model\": 5");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("type").asText())
                .isEqualTo("invalid_request_error");
    }

    @Test
    void refusals_carryTheirStatus_code_andHeaders() throws Exception {
        SimServer server = server("""
                rules:
                  - match: { prompt: quota }
                    fault: insufficient_quota
                  - match: { prompt: busy }
                    fault: { type: server_error, status: 503 }
                  - match: { prompt: huge }
                    fault: context_too_long
                """);
        HttpResponse<String> quota = post(server, "/chat/completions", chat("gpt-5.4", "quota", false));
        assertThat(quota.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(quota.body()).path("error").path("code").asText())
                .isEqualTo("insufficient_quota");
        assertThat(quota.headers().firstValue("x-request-id")).isPresent();

        assertThat(post(server, "/responses", "{\"model\":\"gpt-5.4\",\"input\":\"busy\"}")
                        .statusCode())
                .isEqualTo(503);
        HttpResponse<String> huge = post(server, "/chat/completions", chat("gpt-5.4", "huge", false));
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(huge.body()).path("error").path("code").asText())
                .isEqualTo("context_length_exceeded");
    }

    @Test
    void unknownModel_is404_namingTheSimulatedModels() throws Exception {
        HttpResponse<String> response = post(server(""), "/chat/completions", chat("gpt-9", "hi", false));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("gpt-9", "gpt-5.4-mini");
    }

    @Test
    void stream_endsWithUsageThenDone() throws Exception {
        String body = post(server(""), "/chat/completions", chat("gpt-5.4-mini", "hi", true))
                .body();
        List<String> data = dataLines(body);
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        JsonNode usageChunk = JSON.readTree(data.get(data.size() - 2));
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asLong()).isPositive();
    }

    @Test
    void brokenStream_stopsWithoutDoneOrUsage() throws Exception {
        SimServer server = server("rules:\n  - fault: { type: broken_stream, afterFraction: 0.5 }\n");
        List<String> data = dataLines(post(server, "/chat/completions", chat("gpt-5.4-mini", "hi", true))
                .body());
        assertThat(data).isNotEmpty().doesNotContain("[DONE]");
        assertThat(data).noneMatch(d -> d.contains("\"usage\"") || d.contains("\"error\""));
    }

    @Test
    void streamError_isAnInBandErrorEventAfterA200() throws Exception {
        SimServer server = server("rules:\n  - fault: { type: stream_error, afterFraction: 0.3 }\n");
        HttpResponse<String> response = post(server, "/chat/completions", chat("gpt-5.4-mini", "hi", true));
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = dataLines(response.body());
        assertThat(JSON.readTree(data.get(data.size() - 1)).has("error")).isTrue();
        assertThat(data).doesNotContain("[DONE]");
    }

    @Test
    void malformedJson_isUnparseable_inBothModes() throws Exception {
        SimServer server = server("rules:\n  - fault: malformed_json\n");
        HttpResponse<String> whole = post(server, "/chat/completions", chat("gpt-5.4-nano", "hi", false));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(parses(whole.body())).isFalse();

        List<String> data = dataLines(post(server, "/chat/completions", chat("gpt-5.4-nano", "hi", true))
                .body());
        assertThat(data).isNotEmpty().doesNotContain("[DONE]");
        assertThat(parses(data.get(data.size() - 1))).isFalse();
    }

    private static boolean parses(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> dataLines(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return data;
    }
}
