package dev.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.store.VirtualKey;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals before any upstream call, in OpenAI's error shape, and failures relayed from upstream. */
class GatewayErrorsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HELLO = "{\"model\":\"gpt-5.4-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    FakeUpstream upstream;
    GatewayFixture fixture;
    String open;
    String nanoOnly;
    String slow;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        String[] t = new String[3];
        fixture = new GatewayFixture(
                dir,
                upstream,
                keys -> {
                    t[0] = keys.create(new VirtualKey.Spec("open", null, null, null, Set.of()))
                            .token();
                    t[1] = keys.create(new VirtualKey.Spec("nano", null, null, null, Set.of("gpt-5.4-nano")))
                            .token();
                    t[2] = keys.create(new VirtualKey.Spec("slow", null, 2L, null, Set.of()))
                            .token();
                    return keys;
                },
                b -> b.config(GatewayConfig.DEFAULT.withMaxBodyBytes(2048).withMaxMessages(3)));
        open = t[0];
        nanoOnly = t[1];
        slow = t[2];
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.has("error")).as(response.body()).isTrue();
        assertThat(body.path("error").has("message")).isTrue();
        assertThat(body.path("error").has("type")).isTrue();
        assertThat(body.path("error").has("param")).isTrue();
        assertThat(body.path("error").has("code")).isTrue();
        return body.path("error");
    }

    void assertNothingSentOrCharged() {
        assertThat(upstream.calls()).isEmpty();
        assertThat(fixture.ledger().calls(Instant.EPOCH)).isEmpty();
    }

    @Test
    void missingOrWrongKey_is401() throws Exception {
        HttpResponse<String> none = fixture.post("/chat/completions", null, HELLO);
        HttpResponse<String> wrong = fixture.post("/chat/completions", "fk-abc-def", HELLO);
        HttpResponse<String> foreign = fixture.post("/chat/completions", "sk-something", HELLO);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).path("code").asText()).isEqualTo("missing_api_key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(foreign.statusCode()).isEqualTo(401);
        assertNothingSentOrCharged();
    }

    @Test
    void revokedKey_stopsWorking_andANewKeyWorksAtOnce() throws Exception {
        String fresh = fixture.keys
                .create(new VirtualKey.Spec("fresh", null, null, null, Set.of()))
                .token();
        assertThat(fixture.post("/chat/completions", fresh, HELLO).statusCode()).isEqualTo(200);

        String other = fixture.keys
                .create(new VirtualKey.Spec("other", null, null, null, Set.of()))
                .token();
        fixture.keys.revoke(fixture.keys.list().getLast().id());
        assertThat(fixture.post("/chat/completions", other, HELLO).statusCode()).isEqualTo(401);
    }

    @Test
    void modelOutsideTheKeysAllowList_is403() throws Exception {
        HttpResponse<String> response = fixture.post("/chat/completions", nanoOnly, HELLO);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(error(response).path("message").asText()).contains("gpt-5.4-nano");
        assertNothingSentOrCharged();
    }

    @Test
    void autoUnderAnAllowList_staysInsideIt() throws Exception {
        HttpResponse<String> response = fixture.post(
                "/chat/completions",
                nanoOnly,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-flotilla-model")).hasValue("gpt-5.4-nano");
    }

    @Test
    void unknownModel_is404() throws Exception {
        HttpResponse<String> response =
                fixture.post("/chat/completions", open, HELLO.replace("gpt-5.4-mini", "gpt-imaginary"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_found");
        assertThat(error(response).path("param").asText()).isEqualTo("model");
        assertNothingSentOrCharged();
    }

    @Test
    void bodyOverTheCap_is413() throws Exception {
        String big = HELLO.replace("\"hi\"", "\"" + "x".repeat(4096) + "\"");
        HttpResponse<String> response = fixture.post("/chat/completions", open, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).path("code").asText()).isEqualTo("request_too_large");
        assertNothingSentOrCharged();
    }

    @Test
    void tooManyMessages_is400NamingMessages() throws Exception {
        String four = "{\"model\":\"gpt-5.4-mini\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"a\"},".repeat(3)
                + "{\"role\":\"user\",\"content\":\"b\"}]}";
        HttpResponse<String> response = fixture.post("/chat/completions", open, four);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("param").asText()).isEqualTo("messages");
        assertNothingSentOrCharged();
    }

    @Test
    void maxTokensAboveTheModelsMaximum_is400NamingTheField() throws Exception {
        HttpResponse<String> chat =
                fixture.post("/chat/completions", open, HELLO.replace("}]}", "}],\"max_tokens\":99999999}"));
        HttpResponse<String> responses = fixture.post(
                "/responses", open, "{\"model\":\"gpt-5.4-mini\",\"input\":\"hi\",\"max_output_tokens\":99999999}");

        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(error(chat).path("param").asText()).isEqualTo("max_tokens");
        assertThat(responses.statusCode()).isEqualTo(400);
        assertThat(error(responses).path("param").asText()).isEqualTo("max_output_tokens");
        assertNothingSentOrCharged();
    }

    @Test
    void malformedBody_is400() throws Exception {
        HttpResponse<String> notJson = fixture.post("/chat/completions", open, "{nope");
        HttpResponse<String> badTaskKind = fixture.send(
                "/chat/completions", open, HELLO.replace("gpt-5.4-mini", "auto"), "x-flotilla-task-kind", "poetry");

        assertThat(notJson.statusCode()).isEqualTo(400);
        error(notJson);
        assertThat(badTaskKind.statusCode()).isEqualTo(400);
        assertThat(error(badTaskKind).path("param").asText()).isEqualTo("x-flotilla-task-kind");
        assertNothingSentOrCharged();
    }

    @Test
    void requestsPerMinuteSpent_is429WithRetryAfter() throws Exception {
        assertThat(fixture.post("/chat/completions", slow, HELLO).statusCode()).isEqualTo(200);
        assertThat(fixture.post("/chat/completions", slow, HELLO).statusCode()).isEqualTo(200);
        HttpResponse<String> third = fixture.post("/chat/completions", slow, HELLO);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("retry-after")).isPresent();
        assertThat(error(third).path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(upstream.calls()).hasSize(2);
    }

    @Test
    void unknownRequestFields_passThroughToUpstreamUntouched() throws Exception {
        HttpResponse<String> response = fixture.post(
                "/chat/completions", open, HELLO.replace("}]}", "}],\"vendor_knob\":{\"depth\":3},\"user\":\"u-1\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        var extra = upstream.calls().getFirst().extra();
        assertThat(extra).isNotNull();
        assertThat(extra.path("vendor_knob").path("depth").asInt()).isEqualTo(3);
        assertThat(extra.path("user").asText()).isEqualTo("u-1");
    }

    @Test
    void upstreamFailureBeforeOutput_fallsBackOrRetries_thenAnswers() throws Exception {
        upstream.then(new FakeUpstream.FailBefore(
                new ProviderException.ServerError("fake", "gpt-5.4-mini", 503, "r1", "overloaded")));

        HttpResponse<String> response = fixture.post("/chat/completions", open, HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.calls()).hasSize(2);
        assertThat(response.headers().firstValue("x-flotilla-route-reason").orElseThrow())
                .matches("(retry|fallback): .*");
        assertThat(fixture.ledger().calls(Instant.EPOCH)).hasSize(2);
    }

    @Test
    void streamBrokenAfterOutput_endsWithAnErrorEvent_andAnEstimatedLedgerRecord() throws Exception {
        upstream.then(new FakeUpstream.BreakAfterOutput("Hel"));

        HttpResponse<String> response =
                fixture.post("/chat/completions", open, HELLO.replace("}]}", "}],\"stream\":true}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"content\":\"Hel\"").contains("\"error\"");
        assertThat(response.body()).doesNotContain("[DONE]");
        assertThat(upstream.calls()).hasSize(1); // no retry once output reached the client
        var record = fixture.ledger().calls(Instant.EPOCH).getFirst();
        assertThat(record.estimated()).isTrue();
        assertThat(record.outcome().toString()).isNotEqualToIgnoringCase("succeeded");
    }

    @Test
    void streamCarriesTheCostInAFinalComment() throws Exception {
        HttpResponse<String> response =
                fixture.post("/chat/completions", open, HELLO.replace("}]}", "}],\"stream\":true}"));

        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        assertThat(response.headers().firstValue("x-flotilla-model")).hasValue("gpt-5.4-mini");
        String body = response.body();
        int comment = body.indexOf(": x-flotilla-cost-usd: ");
        assertThat(comment).isPositive().isLessThan(body.indexOf("data: [DONE]"));
        String cost = body.substring(comment + ": x-flotilla-cost-usd: ".length(), body.indexOf('\n', comment));
        assertThat(new BigDecimal(cost))
                .isEqualByComparingTo(
                        fixture.ledger().calls(Instant.EPOCH).getFirst().cost().usd());
    }

    @Test
    void healthModelsAndMetrics() throws Exception {
        assertThat(fixture.get("/health", null).body()).contains("ok");
        HttpResponse<String> models = fixture.get("/v1/models", nanoOnly);
        assertThat(models.body()).contains("\"auto\"").contains("gpt-5.4-nano").doesNotContain("gpt-5.4-mini");
        fixture.post("/chat/completions", open, HELLO);
        String metrics = fixture.get("/metrics", null).body();
        assertThat(metrics)
                .contains("flotilla_gateway_requests_total{api=\"chat\",status=\"200\"}")
                .contains("flotilla_gateway_overhead_seconds_count 1")
                .contains("flotilla_gateway_overhead_seconds_bucket{le=\"3.0E-4\"}")
                .contains("flotilla_gateway_overhead_seconds_bucket{le=\"+Inf\"} 1")
                .contains("flotilla_gateway_cost_usd_total{model=\"gpt-5.4-mini\"}");
    }
}
