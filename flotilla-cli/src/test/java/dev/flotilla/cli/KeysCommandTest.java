package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(Map.of("FLOTILLA_HOME", home.toString()));
    }

    @Test
    void create_printsTheKeyOnce_storesOnlyAHash_andListAndRevokeWork() throws Exception {
        CliRunner.Result created = cli().run(
                        "keys",
                        "create",
                        "--name",
                        "ci",
                        "--budget-usd-per-day",
                        "5",
                        "--rpm",
                        "60",
                        "--models",
                        "gpt-5.4-mini,gpt-5.4-nano",
                        "--json");
        assertThat(created.status()).as(created.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(created.out());
        String id = json.path("id").asText();
        String key = json.path("key").asText();
        assertThat(key).startsWith("fk-" + id + "-");

        CliRunner.Result list = cli().run("keys", "list");
        assertThat(list.out())
                .contains(id)
                .contains("ci")
                .contains("active")
                .contains("5")
                .doesNotContain(key);
        String secret = key.substring(key.lastIndexOf('-') + 1);
        assertThat(new String(
                        Files.readAllBytes(home.resolve("flotilla.db")), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);

        assertThat(cli().run("keys", "revoke", id).out()).contains("Revoked key " + id);
        assertThat(cli().run("keys", "list", "--json").out()).contains("\"revoked_at\" : \"");
        assertThat(cli().run("keys", "revoke", id).status()).isNotZero();
    }

    @Test
    void create_refusesUnknownModelsAndBadNumbers() {
        assertThat(cli().run("keys", "create", "--name", "x", "--models", "gpt-imaginary")
                        .err())
                .contains("gpt-imaginary");
        assertThat(cli().run("keys", "create", "--name", "x", "--budget-usd-per-day", "five")
                        .err())
                .contains("--budget-usd-per-day 'five'");
    }

    @Test
    void serve_withoutAnUpstreamKey_saysWhatIsMissing() {
        CliRunner.Result result = cli().run("serve", "--port", "0");
        assertThat(result.status()).isNotZero();
        assertThat(result.err()).contains("OPENAI_API_KEY");
    }
}
