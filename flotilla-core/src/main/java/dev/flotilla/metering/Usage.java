package dev.flotilla.metering;

/**
 * The tokens one model call consumed, as the provider reports them.
 *
 * @param inputTokens all prompt tokens, cached ones included
 * @param cachedInputTokens the part of the input served from the prompt cache
 * @param outputTokens all completion tokens, reasoning tokens included
 * @param reasoningTokens the part of the output spent on hidden reasoning
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens) {
    /** No tokens at all. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative, got input " + inputTokens
                    + ", cached " + cachedInputTokens + ", output " + outputTokens + ", reasoning " + reasoningTokens);
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens " + cachedInputTokens
                    + " must not exceed input tokens " + inputTokens + " (cached tokens are a subset of input)");
        }
        if (reasoningTokens > outputTokens) {
            throw new IllegalArgumentException("reasoning tokens " + reasoningTokens + " must not exceed output tokens "
                    + outputTokens + " (reasoning is part of output)");
        }
    }

    /** Usage without cache hits or reasoning. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, 0, outputTokens, 0);
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The input tokens billed at the full input price. */
    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens;
    }

    /** The sum of two usages, field by field. */
    public Usage plus(Usage other) {
        return new Usage(
                Math.addExact(inputTokens, other.inputTokens),
                Math.addExact(cachedInputTokens, other.cachedInputTokens),
                Math.addExact(outputTokens, other.outputTokens),
                Math.addExact(reasoningTokens, other.reasoningTokens));
    }
}
