package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static dev.flotilla.tools.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read_file: ranges, caps, big files, long lines and binary files. */
class ReadFileToolTest {
    @TempDir
    Path root;

    Workspace workspace;
    Tool readFile;

    @BeforeEach
    void setUp() {
        workspace = Workspace.of(root);
        readFile = RepositoryTools.readFile(workspace);
    }

    private static String numbered(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i <= to; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void range_isNumberedAndMarkedWithTheTotal() {
        write(root, "a.txt", numbered(1, 950));
        ToolResult result = readFile.execute(args("{'path': 'a.txt', 'start_line': 10, 'end_line': 12}"));
        assertThat(result.isError()).isFalse();
        assertThat(result.truncated()).isFalse();
        assertThat(result.content()).isEqualTo("10\tline 10\n11\tline 11\n12\tline 12\n");
        assertThat(result.attributes()).containsEntry("path", "a.txt").containsEntry("lines", "10-12 of 950");
        assertThat(result.render())
                .startsWith(
                        "<tool_result name=\"read_file\" kind=\"data\" path=\"a.txt\" lines=\"10-12 of 950\">\n10\tline 10\n");
        assertThat(result.bytes()).isEqualTo(result.content().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void withoutEndLine_readsUpToTheLineCap_andSaysHowToContinue() {
        write(root, "a.txt", numbered(1, 950));
        Workspace small = Workspace.builder(root)
                .limits(new ToolLimits(
                        64 * 1024, 4096, 1 << 20, 200, 1000, 200, 100_000, java.time.Duration.ofSeconds(2)))
                .build();
        ToolResult result = RepositoryTools.readFile(small).execute(args("{'path': 'a.txt'}"));
        assertThat(result.attributes()).containsEntry("lines", "1-200 of 950");
        assertThat(result.content())
                .endsWith("200\tline 200\n[showing lines 1-200 of 950; continue with start_line=201]\n");
    }

    @Test
    void resultCap_cutsAtAWholeLine_andMarksTheRange() {
        write(root, "a.txt", numbered(1, 5000));
        ToolResult result = readFile.execute(args("{'path': 'a.txt', 'start_line': 1, 'end_line': 5000}"));
        assertThat(result.truncated()).isTrue();
        assertThat(result.bytes()).isLessThanOrEqualTo(workspace.limits().maxResultBytes());
        String lines = result.attributes().get("lines");
        assertThat(lines).matches("1-\\d+ of 5000");
        long last = Long.parseLong(lines.substring(2, lines.indexOf(' ')));
        assertThat(last).isLessThan(5000);
        assertThat(result.content())
                .contains(last + "\tline " + last + "\n[truncated at 65536 bytes: showing lines 1-" + last
                        + " of 5000; continue with start_line=" + (last + 1) + "]");
        assertThat(result.render()).contains("truncated=\"true\"");
    }

    @Test
    void hundredMegabyteFile_isReadByRange_inConstantMemory() throws IOException {
        Path big = root.resolve("big.log.txt");
        long lines = 0;
        byte[] filler = new byte[90];
        Arrays.fill(filler, (byte) 'x');
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
            long written = 0;
            while (written < 100L * 1024 * 1024) {
                lines++;
                byte[] prefix = String.format("%09d ", lines).getBytes(StandardCharsets.US_ASCII);
                out.write(prefix);
                out.write(filler);
                out.write('\n');
                written += prefix.length + filler.length + 1;
            }
        }
        assertThat(Files.size(big)).isGreaterThanOrEqualTo(100L * 1024 * 1024);

        ToolResult result = readFile.execute(args("{'path': 'big.log.txt', 'start_line': 700000, 'end_line': 700002}"));
        assertThat(result.isError()).isFalse();
        assertThat(result.attributes()).containsEntry("lines", "700000-700002 of " + lines);
        assertThat(result.content()).startsWith("700000\t000700000 xxx").hasLineCount(3);
        assertThat(result.bytes()).isLessThan(1024);
    }

    @Test
    void tenMegabyteSingleLine_isCut_notReturnedWhole() throws IOException {
        Path file = root.resolve("minified.js");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write("var a=1;\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "abcdefghij".repeat(100).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10 * 1024; i++) {
                out.write(chunk); // 10,240,000 bytes on line 2
            }
            out.write("\nvar b=2;\n".getBytes(StandardCharsets.US_ASCII));
        }
        ToolResult result = readFile.execute(args("{'path': 'minified.js'}"));
        assertThat(result.isError()).isFalse();
        assertThat(result.truncated()).isTrue();
        assertThat(result.attributes()).containsEntry("lines", "1-3 of 3");
        assertThat(result.bytes()).isLessThan(2 * workspace.limits().maxLineBytes());
        assertThat(result.content())
                .startsWith("1\tvar a=1;\n2\tabcdefghij")
                .contains("[line cut: 10240000 bytes, first 4096 shown]")
                .endsWith("3\tvar b=2;\n");
    }

    @Test
    void longLine_cutInsideAMultiByteCharacter_dropsThePartialCharacter() throws IOException {
        // 4095 ASCII bytes then a 3-byte character that straddles the 4096-byte cut
        write(root, "u.txt", "a".repeat(4095) + "€€€€\n");
        ToolResult result = readFile.execute(args("{'path': 'u.txt'}"));
        assertThat(result.content()).startsWith("1\t" + "a".repeat(4095) + " [line cut: 4107 bytes");
        assertThat(result.content()).doesNotContain("\uFFFD");
    }

    @Test
    void binaryFile_isSummarised_neverDumped() throws IOException {
        byte[] png = new byte[2150];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, png, 0, magic.length);
        png[100] = 'S';
        Files.write(root.resolve("logo.png"), png);
        ToolResult result = readFile.execute(args("{'path': 'logo.png'}"));
        assertThat(result.isError()).isFalse();
        assertThat(result.content()).isEqualTo("binary file, not shown: PNG image, 2.1 KiB (2150 bytes)");
        assertThat(result.attributes()).containsEntry("binary", "PNG image").containsEntry("size", "2150");

        // invalid UTF-8 without any NUL byte is binary too
        Files.write(root.resolve("data.bin"), new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xFE});
        assertThat(readFile.execute(args("{'path': 'data.bin'}")).content())
                .startsWith("binary file, not shown: binary data (.bin)");
    }

    @Test
    void utf8Text_cutAtTheSniffBoundary_isStillText() throws IOException {
        // a 3-byte character straddles byte 8192: the sniffer must not call that invalid UTF-8
        write(root, "t.txt", "a".repeat(8191) + "€ and more\n");
        assertThat(readFile.execute(args("{'path': 't.txt'}")).content()).startsWith("1\taaa");
    }

    @Test
    void badArguments_comeBackAsErrors_thatNameTheValue() {
        write(root, "a.txt", numbered(1, 10));
        assertThat(readFile.execute(args("{}")).content()).contains("'path' is required");
        assertThat(readFile.execute(args("{'path': 'a.txt', 'start_line': 0}")).content())
                .contains("'start_line' must be an integer from 1", "got 0");
        assertThat(readFile.execute(args("{'path': 'a.txt', 'start_line': 'ten'}"))
                        .content())
                .contains("got \"ten\"");
        assertThat(readFile.execute(args("{'path': 'a.txt', 'start_line': 20}")).content())
                .isEqualTo("start_line 20 is past the end of 'a.txt', which has 10 lines; accepted: 1 to 10");
        assertThat(readFile.execute(args("{'path': 'a.txt', 'start_line': 5, 'end_line': 2}"))
                        .content())
                .contains("end_line 2 is before start_line 5");
        assertThat(readFile.execute(args("{'path': 'a.txt', 'lines': '1-5'}")).content())
                .contains("unknown argument 'lines'; accepted: path (required), start_line, end_line");
        assertThat(readFile.execute(args("['a.txt']")).content()).contains("must be a JSON object");
        assertThat(readFile.execute(args("{'path': '.'}")).content()).contains("is a directory");
        assertThat(readFile.execute(args("{'path': 'a.txt', 'start_line': 5, 'end_line': 2}"))
                        .isError())
                .isTrue();
    }

    @Test
    void emptyFile_andCrlfLines_areReadSensibly() {
        write(root, "empty.txt", "");
        write(root, "crlf.txt", "one\r\ntwo\r\n");
        ToolResult empty = readFile.execute(args("{'path': 'empty.txt'}"));
        assertThat(empty.content()).isEqualTo("(empty file)");
        assertThat(empty.attributes()).containsEntry("lines", "0-0 of 0");
        assertThat(readFile.execute(args("{'path': 'crlf.txt'}")).content()).isEqualTo("1\tone\n2\ttwo\n");
    }
}
