package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskCommandTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString(), "CI", "true"));
    }

    @Test
    void ask_simulated_answersWithCitationsOfRealLines() throws Exception {
        Path repo = ReviewCommandTest.SAMPLE_REPO;

        CliRunner.Result md = cli().run("ask", "where is executeQuery called?", "--repo", repo.toString(), "--quiet");
        CliRunner.Result json = cli().run(
                        "ask",
                        "where is executeQuery called?",
                        "--repo",
                        repo.toString(),
                        "--format",
                        "json",
                        "--quiet");

        assertThat(md.status()).as(md.err()).isZero();
        assertThat(md.out().lines().findFirst().orElseThrow()).contains("SIMULATED ANSWER");
        assertThat(md.out()).contains("## Citations").contains("## Summary");
        JsonNode answer = new ObjectMapper().readTree(json.out());
        assertThat(answer.get("simulated").asBoolean()).isTrue();
        JsonNode citations = answer.get("citations");
        assertThat(citations.size()).isPositive();
        for (JsonNode citation : citations) {
            List<String> lines =
                    Files.readAllLines(repo.resolve(citation.get("file").asText()));
            assertThat(lines.get(citation.get("line").asInt() - 1)).containsIgnoringCase("executeQuery");
        }
        assertThat(answer.at("/summary/calls_by_model/gpt-5.4").asInt()).isEqualTo(2); // plan and answer
        assertThat(answer.at("/summary/calls_by_model/gpt-5.4-mini").asInt()).isPositive();
    }

    @Test
    void ask_badArguments_exit2() {
        assertThat(cli().run("ask", "q", "--repo", home.resolve("nope").toString())
                        .err())
                .contains("not a directory");
        assertThat(cli().run("ask", "q", "--format", "xml").status()).isEqualTo(2);
    }
}
