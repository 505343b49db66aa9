package dev.flotilla.openai.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

    static List<SseEvent> parseWhole(byte[] bytes) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(bytes);
        parser.finish();
        return events;
    }

    static List<SseEvent> parseCut(byte[] bytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        int at = 0;
        while (at < bytes.length) {
            // mostly tiny pieces (1-3 bytes cut through UTF-8 and CRLF), sometimes big ones
            int size = random.nextInt(4) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(3);
            int n = Math.min(size, bytes.length - at);
            byte[] piece = new byte[n + 4];
            System.arraycopy(bytes, at, piece, 2, n);
            parser.feed(piece, 2, n);
            at += n;
        }
        parser.finish();
        return events;
    }

    static byte[] recorded(String name) throws IOException {
        try (InputStream in = SseParserTest.class.getResourceAsStream("/fixtures/" + name)) {
            byte[] all = Objects.requireNonNull(in, name).readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int body = text.indexOf("\n\n") + 2;
            return text.substring(body).getBytes(StandardCharsets.UTF_8);
        }
    }

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= 200; s++) {
            seeds.add(s * 7919);
        }
        return seeds;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void recordedStreams_cutAtRandomPoints_giveTheSameEvents(long seed) throws IOException {
        for (String name :
                List.of("chat/stream-include-usage.http", "chat/stream-tool-calls.http", "responses/stream.http")) {
            byte[] bytes = recorded(name);
            List<SseEvent> whole = parseWhole(bytes);
            assertThat(whole).hasSizeGreaterThan(4);
            assertThat(parseCut(bytes, seed)).as(name + " seed " + seed).isEqualTo(whole);
            // the same stream with CRLF and with CR line ends
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (String eol : List.of("\r\n", "\r")) {
                byte[] other = text.replace("\n", eol).getBytes(StandardCharsets.UTF_8);
                assertThat(parseCut(other, seed))
                        .as(name + " eol " + eol.length())
                        .isEqualTo(whole);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void writtenEvents_withMultiLineDataAndMultiByteChars_parseBackWhateverTheCuts(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] alphabet = {"a", "b", " ", "é", "€", "🌍", "中", "\n", ":", "data", "[DONE]"};
        List<SseEvent> written = new ArrayList<>();
        StringBuilder stream = new StringBuilder(": keep-alive comment\n\n");
        for (int i = 0; i < 20; i++) {
            StringBuilder data = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                data.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String type = random.nextBoolean() ? null : "type" + i;
            SseEvent event = new SseEvent(type, data.toString(), "id" + i, null);
            written.add(event);
            stream.append(SseWriter.format(event));
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(parseCut(bytes, seed)).isEqualTo(written);
    }

    @Test
    void fields_commentsAndMultiLineData_followTheStandard() {
        String stream =
                "\uFEFF: comment\nevent: greet\nid: 7\ndata: one\ndata:two\ndata\nretry: 1500\n\n" + "data: [DONE]\n\n";
        List<SseEvent> events = parseWhole(stream.getBytes(StandardCharsets.UTF_8));
        assertThat(events)
                .containsExactly(
                        new SseEvent("greet", "one\ntwo\n", "7", 1500L), new SseEvent(null, "[DONE]", "7", 1500L));
        assertThat(events.get(1).isDone()).isTrue();
    }

    @Test
    void blankLinesWithoutData_dispatchNothing() {
        assertThat(parseWhole("\n\n: ping\n\nevent: x\n\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"data: cut", "data: whole\n", "event: x\ndata: y"})
    void anEventNotEndedByABlankLine_isDropped(String tail) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(("data: first\n\n" + tail).getBytes(StandardCharsets.UTF_8));
        assertThat(parser.finish()).isTrue();
        assertThat(events).containsExactly(SseEvent.data("first"));
    }

    @Test
    void aCrAtTheEndOfOnePieceAndItsLfInTheNext_endOneLine() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed("data: a\r".getBytes(StandardCharsets.UTF_8));
        parser.feed("\ndata: b\r".getBytes(StandardCharsets.UTF_8));
        parser.feed("\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).containsExactly(SseEvent.data("a\nb"));
    }

    @Test
    void writer_splitsDataOnEveryLineBreak() {
        assertThat(SseWriter.format(SseEvent.of("e", "a\r\nb\rc\nd")))
                .isEqualTo("event: e\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(SseWriter.format(SseEvent.done())).isEqualTo("data: [DONE]\n\n");
    }
}
