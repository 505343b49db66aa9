package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString()));
    }

    @Test
    void create_printsTheKeyOnce_storesOnlyAHash_andListAndRevokeWork() throws Exception {
        CliRunner.Result created = cli().run(
                        "keys",
                        "create",
                        "--name",
                        "ci",
                        "--budget-usd-per-day",
                        "5",
                        "--rpm",
                        "60",
                        "--models",
                        "gpt-5.4-mini,gpt-5.4-nano",
                        "--json");
        assertThat(created.status()).as(created.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(created.out());
        String id = json.path("id").asText();
        String key = json.path("key").asText();
        assertThat(key).startsWith("fk-" + id + "-");

        CliRunner.Result list = cli().run("keys", "list");
        assertThat(list.out())
                .contains(id)
                .contains("ci")
                .contains("active")
                .contains("5")
                .doesNotContain(key);
        // The secret is everything after "fk-ID-" (it may itself contain '-').
        String secret = key.substring(("fk-" + id + "-").length());
        assertThat(secret).hasSizeGreaterThanOrEqualTo(20);
        assertThat(new String(
                        Files.readAllBytes(home.resolve("flotilla.db")), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);

        assertThat(cli().run("keys", "revoke", id).out()).contains("Revoked key " + id);
        assertThat(cli().run("keys", "list", "--json").out()).contains("\"revoked_at\" : \"");
        assertThat(cli().run("keys", "revoke", id).status()).isNotZero();
    }

    @Test
    void create_refusesUnknownModelsAndBadNumbers() {
        assertThat(cli().run("keys", "create", "--name", "x", "--models", "gpt-imaginary")
                        .err())
                .contains("gpt-imaginary");
        assertThat(cli().run("keys", "create", "--name", "x", "--budget-usd-per-day", "five")
                        .err())
                .contains("--budget-usd-per-day 'five'");
    }

    @Test
    void serve_withoutAnUpstreamKey_answersFromTheSimulator() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("FLOTILLA_HOME", home.toString()),
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true));
        Thread server = Thread.ofVirtual().start(() -> FlotillaCommand.run(environment, "serve", "--port", "0"));
        try {
            java.util.regex.Pattern ready = java.util.regex.Pattern.compile("ready at (http://\\S+)");
            String url = null;
            for (int i = 0; i < 600 && url == null; i++) { // bounded: at most 30 s for the server to start
                java.util.regex.Matcher m = ready.matcher(out.toString());
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertThat(url).as(out.toString()).isNotNull();
            assertThat(out.toString()).contains("upstream: simulator");
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/chat/completions"))
                                    .header("content-type", "application/json")
                                    .POST(
                                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                                    "{\"model\":\"gpt-5.4-nano\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("[simulated gpt-5.4-nano]");
        } finally {
            server.interrupt();
            server.join(10_000);
        }
    }
}
