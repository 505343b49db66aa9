package dev.flotilla.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.provider.StreamEvent;
import dev.flotilla.provider.StreamEvent.TextDelta;
import dev.flotilla.provider.StreamEvent.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaBatchTest {
    private final List<StreamEvent> out = new ArrayList<>();
    private final DeltaBatch batch = new DeltaBatch(out::add);

    @Test
    void runsOfTextAndOfOneCallsArguments_mergeIntoOneDeltaEach() {
        batch.add(new TextDelta("Hel"));
        batch.add(new TextDelta("lo"));
        batch.add(new ToolCallDelta(0, "call_1", "get_weather", ""));
        batch.add(new ToolCallDelta(0, null, null, "{\"city\":"));
        batch.add(new ToolCallDelta(0, null, null, "\"Oslo\"}"));
        batch.add(new ToolCallDelta(1, "call_2", "get_time", "{}"));
        batch.add(new ToolCallDelta(0, null, null, "ignored? no: another run"));
        batch.add(new TextDelta("!"));

        assertThat(out).isEmpty(); // nothing leaves before flush
        batch.flush();

        assertThat(out)
                .containsExactly(
                        new TextDelta("Hello"),
                        new ToolCallDelta(0, "call_1", "get_weather", "{\"city\":\"Oslo\"}"),
                        new ToolCallDelta(1, "call_2", "get_time", "{}"),
                        new ToolCallDelta(0, null, null, "ignored? no: another run"),
                        new TextDelta("!"));
    }

    @Test
    void aNewCallIsNeverMergedIntoThePreviousOne_andFlushEmpties() {
        batch.add(new ToolCallDelta(0, "call_1", "a", "{}"));
        batch.add(new ToolCallDelta(0, "call_9", "b", "{}"));
        batch.flush();
        batch.flush();

        assertThat(out)
                .containsExactly(new ToolCallDelta(0, "call_1", "a", "{}"), new ToolCallDelta(0, "call_9", "b", "{}"));
    }
}
