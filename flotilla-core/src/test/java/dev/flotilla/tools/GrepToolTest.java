package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static dev.flotilla.tools.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** grep: output format, .gitignore, caps and the time limit. */
class GrepToolTest {
    @TempDir
    Path root;

    Tool grep;

    @BeforeEach
    void setUp() {
        grep = RepositoryTools.grep(Workspace.of(root));
    }

    @Test
    void matches_comeBackAsPathLineText_inPathOrder() {
        write(root, "src/b/Dao.java", "class Dao {\n  String q = \"SELECT * FROM t WHERE id=\" + id;\n}\n");
        write(root, "src/a.py", "# TODO: fix\nx = 1\n# todo later\n");
        ToolResult result = grep.execute(args("{'pattern': 'TODO|SELECT'}"));
        assertThat(result.content())
                .isEqualTo(
                        "src/a.py:1: # TODO: fix\nsrc/b/Dao.java:2:   String q = \"SELECT * FROM t WHERE id=\" + id;\n");
        assertThat(result.attributes()).containsEntry("matches", "2");

        assertThat(grep.execute(args("{'pattern': 'todo', 'case_insensitive': true, 'glob': '*.py'}"))
                        .content())
                .isEqualTo("src/a.py:1: # TODO: fix\nsrc/a.py:3: # todo later\n");
        assertThat(grep.execute(args("{'pattern': 'class', 'path': 'src/b'}")).content())
                .isEqualTo("src/b/Dao.java:1: class Dao {\n");
    }

    @Test
    void gitignoredFiles_areNotSearched() {
        write(root, ".gitignore", "build/\n*.log\n!keep.log\n");
        write(root, "src/App.java", "needle in source\n");
        write(root, "build/out.txt", "needle in build output\n");
        write(root, "debug.log", "needle in a log\n");
        write(root, "keep.log", "needle in a kept log\n");
        write(root, "sub/.gitignore", "generated.js\n");
        write(root, "sub/generated.js", "needle generated\n");
        write(root, "sub/real.js", "needle real\n");
        assertThat(grep.execute(args("{'pattern': 'needle'}")).content())
                .isEqualTo("keep.log:1: needle in a kept log\nsrc/App.java:1: needle in source\n"
                        + "sub/real.js:1: needle real\n");
    }

    // (a+)+$ is the textbook catastrophic regex, but recent JDKs memoize such group loops; a
    // backreference defeats that, so (a+)+\1b backtracks exponentially on every JDK (30 a's: over a
    // minute without a limit). Both must stop at the limit.
    @ParameterizedTest
    @ValueSource(strings = {"(a+)+\\1b", "(a+)+$"})
    void catastrophicRegex_stopsAtTheTimeLimit_withAClearMessage(String regex) {
        write(root, "evil.txt", "a".repeat(5_000) + "!\n");
        // A clock that steps 1 ms per reading: the limit passes after a fixed amount of matching work,
        // whatever the machine's speed.
        Workspace workspace = Workspace.builder(root)
                .clock(Fixtures.steppingClock())
                .limits(ToolLimits.DEFAULTS.withTimeLimit(Duration.ofMillis(50)))
                .build();
        ToolResult result = RepositoryTools.grep(workspace)
                .execute(JsonNodeFactory.instance.objectNode().put("pattern", regex));
        assertThat(result.isError()).isTrue();
        assertThat(result.content())
                .startsWith("grep stopped at its time limit of 50 ms while matching evil.txt:1.")
                .contains("backtrack catastrophically");
    }

    @Test
    void catastrophicRegex_onTheRealClock_stopsToo() {
        write(root, "a.txt", "fine\n");
        write(root, "evil.txt", "a".repeat(60) + "!\n");
        Workspace workspace = Workspace.builder(root)
                .limits(ToolLimits.DEFAULTS.withTimeLimit(Duration.ofMillis(100)))
                .build();
        ToolResult result = RepositoryTools.grep(workspace).execute(args("{'pattern': '(a+)+\\\\1b|fine'}"));
        assertThat(result.isError()).isTrue();
        assertThat(result.content())
                .contains("time limit of 100 ms while matching evil.txt:1")
                .endsWith("Matches found before the limit: 1\na.txt:1: fine\n");
    }

    @Test
    void interruptedThread_stopsTheSearch() {
        write(root, "evil.txt", "a".repeat(100) + "!\n");
        Thread.currentThread().interrupt();
        try {
            ToolResult result = grep.execute(args("{'pattern': '(a+)+$'}"));
            assertThat(result.isError()).isTrue();
            assertThat(result.content()).isEqualTo("grep was cancelled");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void matchCap_stopsTheSearch_andSaysSo() {
        write(root, "many.txt", "hit\n".repeat(500));
        ToolResult result = grep.execute(args("{'pattern': 'hit', 'max_matches': 7}"));
        assertThat(result.content().lines().filter(l -> l.startsWith("many.txt:")))
                .hasSize(7);
        assertThat(result.content()).endsWith("[stopped at 7 matches; narrow the pattern, path or glob]\n");
        assertThat(result.truncated()).isTrue();
        assertThat(result.attributes()).containsEntry("matches", "7+");
        assertThat(grep.execute(args("{'pattern': 'hit'}")).content().lines().filter(l -> l.startsWith("many")))
                .hasSize(200);
        assertThat(grep.execute(args("{'pattern': 'hit', 'max_matches': 5000}")).content())
                .contains("'max_matches' must be an integer from 1 to 200, got 5000");
    }

    @Test
    void tenMegabyteLine_isSearched_andShownAsAWindowAroundTheMatch() throws IOException {
        Path file = root.resolve("min.js");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 500; i++) {
                out.write(chunk);
            }
            out.write("eval(userInput)".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 9_500; i++) {
                out.write(chunk);
            }
            out.write('\n');
        }
        ToolResult result = grep.execute(args("{'pattern': 'eval\\\\('}"));
        assertThat(result.isError()).isFalse();
        assertThat(result.content()).startsWith("min.js:1: ...").contains("eval(userInput)");
        assertThat(result.content().lines().findFirst().orElseThrow().length()).isLessThan(4200);
        assertThat(result.content()).contains("lines longer than 1048576 bytes were searched only in their first");
    }

    @Test
    void binaryFiles_areSkipped() throws IOException {
        Files.write(root.resolve("blob.bin"), new byte[] {'n', 'e', 'e', 'd', 'l', 'e', 0, 1, 2});
        write(root, "a.txt", "needle\n");
        assertThat(grep.execute(args("{'pattern': 'needle'}")).content()).isEqualTo("a.txt:1: needle\n");
    }

    @Test
    void invalidRegex_isAnError_thatSaysWhere() {
        ToolResult result = grep.execute(args("{'pattern': 'foo(bar'}"));
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("'foo(bar' is not a valid Java regular expression", "Unclosed group");
    }

    @Test
    void noMatches_isNotAnError() {
        write(root, "a.txt", "nothing\n");
        ToolResult result = grep.execute(args("{'pattern': 'needle'}"));
        assertThat(result.isError()).isFalse();
        assertThat(result.content()).isEqualTo("no matches for 'needle' under '.'");
    }
}
