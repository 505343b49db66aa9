package dev.flotilla.openai;

import dev.flotilla.provider.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The deltas that arrived in one read, passed on with each run of text (or of one tool call's
 * arguments) merged into one delta: the same answer in fewer events, so a relay parses, encodes
 * and flushes once per read instead of once per token when the upstream is ahead of us.
 */
final class DeltaBatch {
    private final Consumer<StreamEvent> events;
    private final List<StreamEvent> pending = new ArrayList<>();

    DeltaBatch(Consumer<StreamEvent> events) {
        this.events = events;
    }

    void add(StreamEvent delta) {
        pending.add(delta);
    }

    void flush() {
        int i = 0;
        while (i < pending.size()) {
            StreamEvent first = pending.get(i);
            int j = i + 1;
            while (j < pending.size() && continues(pending.get(j - 1), pending.get(j))) {
                j++;
            }
            events.accept(j == i + 1 ? first : merged(pending.subList(i, j)));
            i = j;
        }
        pending.clear();
    }

    private static boolean continues(StreamEvent before, StreamEvent next) {
        return (before instanceof StreamEvent.TextDelta && next instanceof StreamEvent.TextDelta)
                || (before instanceof StreamEvent.ToolCallDelta a
                        && next instanceof StreamEvent.ToolCallDelta b
                        && a.index() == b.index()
                        && b.id() == null
                        && b.name() == null);
    }

    private static StreamEvent merged(List<StreamEvent> run) {
        StringBuilder text = new StringBuilder();
        for (StreamEvent event : run) {
            text.append(
                    event instanceof StreamEvent.TextDelta t
                            ? t.text()
                            : ((StreamEvent.ToolCallDelta) event).argumentsDelta());
        }
        return run.getFirst() instanceof StreamEvent.ToolCallDelta call
                ? new StreamEvent.ToolCallDelta(call.index(), call.id(), call.name(), text.toString())
                : new StreamEvent.TextDelta(text.toString());
    }
}
