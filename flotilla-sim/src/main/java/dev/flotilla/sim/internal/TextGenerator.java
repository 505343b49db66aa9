package dev.flotilla.sim.internal;

import dev.flotilla.metering.TokenCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Writes answer text that reads as plainly simulated: a {@code [simulated MODEL]} header, then
 * sentences of neutral filler words, to a target length in o200k tokens. Also splits any text into
 * stream chunks.
 */
public final class TextGenerator {
    /** Neutral words, each one o200k token with its leading space. */
    static final List<String> WORDS = List.of(
            "simulated",
            "answer",
            "text",
            "token",
            "model",
            "review",
            "file",
            "code",
            "change",
            "test",
            "line",
            "value",
            "result",
            "request",
            "output",
            "input",
            "step",
            "plan",
            "task",
            "check",
            "note",
            "item",
            "list",
            "data",
            "field",
            "record",
            "call",
            "path",
            "name",
            "type",
            "state",
            "event",
            "limit",
            "rate",
            "cost",
            "budget",
            "time",
            "stream",
            "first",
            "next",
            "last",
            "each",
            "every",
            "other",
            "same",
            "new",
            "old",
            "small",
            "large",
            "fast",
            "slow",
            "simple",
            "clear",
            "open",
            "close",
            "read",
            "write",
            "run",
            "stop",
            "start",
            "found",
            "shows",
            "keeps",
            "makes",
            "uses",
            "needs",
            "gives",
            "takes",
            "with",
            "from",
            "into",
            "over",
            "under",
            "after",
            "before",
            "and",
            "or",
            "but",
            "the",
            "a",
            "this",
            "that",
            "it",
            "is",
            "was");

    private final TokenCounter tokens;
    private final Map<String, Long> chunkTokens = new HashMap<>();

    /** A generator counting with {@code tokens}; counts every word's four chunk forms once. */
    public TextGenerator(TokenCounter tokens) {
        this.tokens = tokens;
        for (String word : WORDS) {
            String capital = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            for (String form : List.of(word, capital, word + ".", capital + ".")) {
                chunkTokens.put(" " + form, (long) tokens.count(" " + form));
            }
        }
    }

    /**
     * Simulated text and its stream chunks.
     *
     * @param text the whole text
     * @param chunks pieces that concatenate to {@code text}, about one token each
     * @param tokenCount the text's length in o200k tokens
     */
    public record Text(String text, List<String> chunks, long tokenCount) {
        public Text {
            chunks = List.copyOf(chunks);
        }
    }

    /** Text of at most {@code targetTokens} tokens (and at least one) labelled as written by a simulated {@code model}. */
    public Text simulated(String model, long targetTokens, RandomGenerator random) {
        long target = Math.max(1, targetTokens);
        List<String> chunks = new ArrayList<>();
        chunks.add("[simulated " + model + "]");
        int sentence = 0;
        int sentenceLength = 6 + random.nextInt(9);
        long count = tokens.count(chunks.get(0));
        // Chunks start with a space, where o200k always splits, so counts add up chunk by chunk;
        // the chunk counts are precomputed, and the whole text is counted once at the end.
        while (true) {
            String word = WORDS.get(random.nextInt(WORDS.size()));
            if (sentence == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            sentence++;
            if (sentence >= sentenceLength) {
                word = word + ".";
                sentence = 0;
                sentenceLength = 6 + random.nextInt(9);
            }
            String chunk = " " + word;
            long cost = chunkTokens.get(chunk);
            if (count + cost > target) {
                break;
            }
            chunks.add(chunk);
            count += cost;
        }
        String text = String.join("", chunks);
        count = tokens.count(text);
        while (count > target && chunks.size() > 1) {
            String last = chunks.remove(chunks.size() - 1);
            text = text.substring(0, text.length() - last.length());
            count = tokens.count(text);
        }
        while (count > target && text.length() > 1) {
            // The header alone is longer than the cap: cut it.
            text = text.substring(0, text.length() - 1);
            chunks = new ArrayList<>(List.of(text));
            count = tokens.count(text);
        }
        return new Text(text, chunks, count);
    }

    /** Given text (a scripted reply, JSON) split into stream chunks and counted. */
    public Text given(String text) {
        return new Text(text, chunk(text), tokens.count(text));
    }

    /** Text cut to at most {@code maxTokens} tokens (an answer stopped by the output cap). */
    public Text truncated(String text, long maxTokens) {
        Text whole = given(text);
        if (whole.tokenCount() <= maxTokens) {
            return whole;
        }
        // Shrink by characters proportionally, then exactly.
        int length = (int) Math.max(0, (long) text.length() * maxTokens / Math.max(1, whole.tokenCount()));
        String cut = text.substring(0, Math.min(text.length(), length));
        while (!cut.isEmpty() && tokens.count(cut) > maxTokens) {
            cut = cut.substring(0, cut.length() - Math.max(1, cut.length() / 50));
        }
        return given(cut);
    }

    /** Splits text into pieces of one word (with its leading space) or at most 16 characters. */
    public static List<String> chunk(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            boolean end = i == text.length();
            boolean wordBoundary =
                    !end && Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1));
            boolean tooLong = i - start >= 16 && !end && !Character.isLowSurrogate(text.charAt(i));
            if (end || wordBoundary || tooLong) {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        return chunks;
    }
}
