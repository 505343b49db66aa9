package dev.flotilla.provider;

/** Whether and which tools the model must call. */
public sealed interface ToolChoice {
    /** The model decides. */
    record Auto() implements ToolChoice {}

    /** No tool calls. */
    record None() implements ToolChoice {}

    /** At least one tool call. */
    record Required() implements ToolChoice {}

    /** Exactly this function. */
    record Named(String name) implements ToolChoice {}

    /** The default: the model decides. */
    ToolChoice AUTO = new Auto();
}
