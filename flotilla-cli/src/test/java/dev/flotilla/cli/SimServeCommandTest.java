package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flotilla sim serve} in-process: prints its URL, answers over HTTP, stops when interrupted. */
class SimServeCommandTest {
    private static final Pattern URL = Pattern.compile("serving simulated models at (http://127\\.0\\.0\\.1:\\d+/v1)");

    @Test
    void serve_printsItsUrl_answersChatAndModels_withTheScenario(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, "rules:\n  - match: { prompt: ping }\n    reply: pong from the scenario\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread serving = new Thread(() -> status.set(FlotillaCommand.run(
                new CliEnvironment(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)),
                "sim",
                "serve",
                "--port",
                "0",
                "--speed",
                "0",
                "--seed",
                "3",
                "--scenario",
                scenario.toString())));
        serving.start();
        try {
            String base = awaitUrl(out, err);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> chat = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                            .header("Authorization", "Bearer sk-anything")
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"gpt-5.4-nano\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.body()).contains("pong from the scenario", "\"prompt_tokens\"");
            assertThat(chat.headers().firstValue("x-ratelimit-limit-requests")).hasValue("500");
            HttpResponse<String> models = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.body()).contains("\"gpt-5.4\"", "\"gpt-5.4-mini\"", "\"gpt-5.4-nano\"");
        } finally {
            serving.interrupt();
            serving.join(Duration.ofSeconds(20));
        }
        assertThat(serving.isAlive()).isFalse();
        assertThat(status.get()).as("status; err: %s", err).isZero();
    }

    @Test
    void badScenario_isAUsageErrorNamingTheFileRuleAndField(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, "rules:\n  - match: { taskKind: review }\n    reply: hi\n");

        CliRunner.Result result = new CliRunner(Map.of()).run("sim", "serve", "--scenario", scenario.toString());

        assertThat(result.status()).isEqualTo(FlotillaCommand.EXIT_USAGE);
        assertThat(result.err()).contains("bad.yaml: rule 1: match.taskKind: invalid value 'review'");
    }

    @Test
    void negativeSpeed_isAUsageError() {
        CliRunner.Result result = new CliRunner(Map.of()).run("sim", "serve", "--speed", "-1");

        assertThat(result.status()).isEqualTo(FlotillaCommand.EXIT_USAGE);
        assertThat(result.err()).contains("--speed must be 0 (no delay) or a positive factor");
    }

    private static String awaitUrl(StringWriter out, StringWriter err) throws InterruptedException {
        // Bounded: 600 polls of 50 ms; the server prints its URL once it is listening.
        for (int i = 0; i < 600; i++) {
            Matcher matcher = URL.matcher(out.toString());
            if (matcher.find()) {
                return matcher.group(1);
            }
            assertThat(err.toString()).isEmpty();
            Thread.sleep(50);
        }
        throw new AssertionError("no URL printed; out: " + out + " err: " + err);
    }
}
