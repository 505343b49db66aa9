package dev.flotilla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.provider.ProviderException;
import dev.flotilla.routing.TaskKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files: every field read, every error naming file, rule and field. */
class ScenarioParserTest {

    @Test
    void fullScenario_readsEveryField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, """
                version: 1
                rateLimits: true
                rateLimitTier: 3
                faultRates: { server_error: 0.01, broken_stream: 0.02 }
                rules:
                  - name: first flagship call is rate limited
                    match: { model: gpt-5.4 }
                    times: 1
                    fault: { type: rate_limited, retryAfterMs: 1500, limit: requests }
                  - match: { taskKind: file_review, prompt: "Main.java", promptRegex: "^Review" }
                    reply: "No issues found."
                    delayMs: 250
                    outputTokens: 40
                  - match: { taskKind: extract }
                    toolCalls:
                      - name: read_file
                        arguments: { path: README.md }
                  - fault: stream_error
                """);

        Scenario scenario = Scenario.load(file);

        assertThat(scenario.source()).isEqualTo(file.toString());
        assertThat(scenario.rateLimitTier()).isEqualTo(3);
        assertThat(scenario.faultRates())
                .containsEntry(Fault.Kind.SERVER_ERROR, 0.01)
                .containsEntry(Fault.Kind.BROKEN_STREAM, 0.02);
        assertThat(scenario.rules()).hasSize(4);
        ScenarioRule first = scenario.rules().get(0);
        assertThat(first.name()).isEqualTo("rule 1 'first flagship call is rate limited'");
        assertThat(first.model()).isEqualTo("gpt-5.4");
        assertThat(first.times()).isEqualTo(1);
        assertThat(first.fault())
                .isEqualTo(new Fault.RateLimited(Duration.ofMillis(1500), ProviderException.LimitKind.REQUESTS));
        ScenarioRule second = scenario.rules().get(1);
        assertThat(second.taskKind()).isEqualTo(TaskKind.FILE_REVIEW);
        assertThat(second.promptContains()).isEqualTo("Main.java");
        assertThat(second.promptRegex().pattern()).isEqualTo("^Review");
        assertThat(second.replyText()).isEqualTo("No issues found.");
        assertThat(second.delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(second.outputTokens()).isEqualTo(40);
        assertThat(second.times()).isZero();
        ScenarioRule third = scenario.rules().get(2);
        assertThat(third.toolCalls()).hasSize(1);
        assertThat(third.toolCalls().get(0).arguments().path("path").asText()).isEqualTo("README.md");
        assertThat(scenario.rules().get(3).fault()).isEqualTo(new Fault.StreamError(0.5));
    }

    @Test
    void emptyFile_isTheDefaultScenario() {
        Scenario scenario = Scenario.parse("", "empty.yaml");
        assertThat(scenario.rules()).isEmpty();
        assertThat(scenario.rateLimits()).isTrue();
    }

    @Test
    void errors_nameTheFileTheRuleAndTheField() {
        assertError(
                "rules:\n  - match: { modle: gpt-5.4 }\n    reply: hi\n", "s.yaml: rule 1: match.modle: unknown field");
        assertError(
                "rules:\n  - name: bad kind\n    match: { taskKind: review }\n    reply: hi\n",
                "s.yaml: rule 1 'bad kind': match.taskKind: invalid value 'review'; accepted: one of plan, judge");
        assertError(
                "rules:\n  - reply: hi\n  - fault: explode\n",
                "s.yaml: rule 2: fault.type: unknown fault 'explode'; accepted: rate_limited, insufficient_quota");
        assertError(
                "rules:\n  - match: { promptRegex: \"([\" }\n    reply: hi\n",
                "s.yaml: rule 1: match.promptRegex: not a valid regular expression '(['");
        assertError("rules:\n  - match: { model: gpt-5.4 }\n", "s.yaml: rule 1: the rule does nothing");
        assertError("rules:\n  - times: -1\n    reply: hi\n", "s.yaml: rule 1: times: invalid value -1");
        assertError(
                "rules:\n  - fault: { type: server_error, status: 404 }\n",
                "s.yaml: rule 1: fault.status: invalid value 404; accepted: an HTTP status 500 to 599");
        assertError(
                "rules:\n  - fault: { type: broken_stream, afterFraction: 2 }\n",
                "s.yaml: rule 1: fault.afterFraction: invalid value 2; accepted: a fraction between 0 and 1");
        assertError(
                "rules:\n  - toolCalls: [ { name: \"bad name!\" } ]\n",
                "s.yaml: rule 1: toolCalls[0].name: invalid value 'bad name!'");
        assertError("faultRates: { server_error: 0.7, timeout: 0.6 }\n", "s.yaml: faultRates add up to");
        assertError("rateLimitTier: 9\n", "s.yaml: rateLimitTier: invalid value 9; accepted: an account tier 1 to 5");
        assertError("rules: [1, 2\n", "s.yaml: not valid YAML");
        assertError("colour: blue\n", "s.yaml: colour: unknown field");
        assertError("rules:\n  - reply: { text: a, json: {} }\n", "s.yaml: rule 1: reply: give exactly one of");
    }

    @Test
    void missingFile_isAScenarioErrorNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> Scenario.load(dir.resolve("nope.yaml")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("nope.yaml");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> Scenario.parse(yaml, "s.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(message);
    }
}
