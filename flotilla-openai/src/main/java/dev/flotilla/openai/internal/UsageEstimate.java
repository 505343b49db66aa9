package dev.flotilla.openai.internal;

import dev.flotilla.metering.TokenCounter;
import dev.flotilla.metering.Usage;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;

/** Flotilla's own token estimate for a call whose provider reported no usage. */
public final class UsageEstimate {
    /** Tokens every reply is primed with, as OpenAI documents for chat formats. */
    private static final int REPLY_PRIMING = 3;

    private UsageEstimate() {}

    /** The input tokens of a call: message texts plus per-message overhead, tool definitions. */
    public static long input(TokenCounter counter, ModelCall call) {
        long tokens = REPLY_PRIMING;
        for (Message m : call.messages()) {
            tokens += TokenCounter.MESSAGE_OVERHEAD_TOKENS + counter.count(m.text());
            for (ToolCall c : m.toolCalls()) {
                tokens += counter.count(c.name()) + counter.count(c.argumentsJson());
            }
        }
        for (ToolSpec t : call.tools()) {
            tokens += counter.count(t.name())
                    + counter.count(t.description())
                    + counter.count(t.parameters().toString());
        }
        if (call.responseSchema() != null) {
            tokens += counter.count(call.responseSchema().schema().toString());
        }
        return tokens;
    }

    /** The usage of a call given the output text seen (text and tool-call arguments). */
    public static Usage of(TokenCounter counter, ModelCall call, String outputSeen) {
        return Usage.of(input(counter, call), counter.count(outputSeen));
    }
}
