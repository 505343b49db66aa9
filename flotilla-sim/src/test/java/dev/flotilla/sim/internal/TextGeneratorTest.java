package dev.flotilla.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.metering.TokenCounter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Simulated text hits its token target; chunks always rebuild the text. */
class TextGeneratorTest {
    private static final TokenCounter TOKENS = TokenCounter.o200k();
    private final TextGenerator generator = new TextGenerator(TOKENS);

    @Test
    void simulatedText_isLabelled_andAtMostTheTarget_andCloseToIt() {
        SplittableRandom random = new SplittableRandom(11);
        for (long target : new long[] {1, 3, 8, 20, 50, 400, 3000}) {
            TextGenerator.Text text = generator.simulated("gpt-5.4-nano", target, random);
            assertThat(text.tokenCount()).isEqualTo(TOKENS.count(text.text())).isLessThanOrEqualTo(target);
            assertThat(String.join("", text.chunks())).isEqualTo(text.text());
            if (target >= 20) {
                assertThat(text.text()).startsWith("[simulated gpt-5.4-nano]");
                assertThat(text.tokenCount()).isGreaterThanOrEqualTo(target - 2);
            }
        }
    }

    @Test
    void chunks_rebuildAnyText_withoutSplittingSurrogatePairs() {
        SplittableRandom random = new SplittableRandom(5);
        String alphabet = "ab c\n\t{}\"é😀漢 ";
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(80);
            for (int j = 0; j < length; j++) {
                int at = random.nextInt(alphabet.length());
                if (Character.isLowSurrogate(alphabet.charAt(at))) {
                    at--;
                }
                text.appendCodePoint(alphabet.codePointAt(at));
            }
            var chunks = TextGenerator.chunk(text.toString());
            assertThat(String.join("", chunks)).isEqualTo(text.toString());
            for (String chunk : chunks) {
                assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
            }
        }
    }

    @Test
    void truncated_staysWithinTheCap() {
        String json = "{\"items\":[" + "\"value\",".repeat(300) + "\"end\"]}";
        TextGenerator.Text cut = generator.truncated(json, 50);
        assertThat(cut.tokenCount()).isLessThanOrEqualTo(50).isGreaterThan(30);
        assertThat(json).startsWith(cut.text());
    }
}
