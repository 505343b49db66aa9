package dev.flotilla.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.orchestration.RunResult;
import dev.flotilla.orchestration.SpanKind;
import dev.flotilla.orchestration.SpanStatus;
import dev.flotilla.orchestration.SubtaskOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quick start runs as documented, on the simulator, and prints answer, trace and cost. */
class QuickStartTest {

    @Test
    void quickStart_onTheSimulator_answersWithTraceAndCost() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        RunResult result = QuickStart.run(false, out);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        // B-200: 6 for $5.70 is $0.95 a unit, below A-100's $1.40 and C-300's $1.05.
        assertThat(result.answer()).isEqualTo("B-200 is the cheapest per unit, at $0.95.");
        assertThat(result.outcomes()).hasSize(3).allMatch(o -> o.status() == SpanStatus.OK);
        assertThat(result.outcomes()).extracting(SubtaskOutcome::output).allMatch(o -> o.contains("per unit"));
        assertThat(result.trace().spans()).anyMatch(s -> s.kind() == SpanKind.TOOL_CALL);
        assertThat(result.summary().total().usd()).isPositive();
        assertThat(printed)
                .contains("Answer: B-200 is the cheapest per unit, at $0.95.")
                .contains("plan: ok")
                .contains("tool_call price_lookup: ok")
                .contains("total: $" + result.summary().total().usdPlain());
    }
}
