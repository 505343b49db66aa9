package dev.flotilla.orchestration;

import java.util.Locale;

/** What a span of a run's trace stands for. */
public enum SpanKind {
    RUN,
    PLAN,
    SUBTASK,
    MODEL_CALL,
    TOOL_CALL,
    JUDGE;

    /** The name used in JSON and on the terminal, e.g. {@code model_call}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
