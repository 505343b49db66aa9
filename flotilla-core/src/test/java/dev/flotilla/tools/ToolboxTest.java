package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.provider.ToolCall;
import dev.flotilla.provider.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The toolbox: specs, dispatch of model tool calls, and use from many virtual threads at once. */
class ToolboxTest {
    private final Toolbox tools = RepositoryTools.forWorkspace(Workspace.of(Fixtures.sampleRepo()));

    @Test
    void repositoryToolbox_hasFiveToolsWithStrictSchemas() {
        assertThat(tools.name()).isEqualTo("repository");
        assertThat(tools.specs())
                .extracting(ToolSpec::name)
                .containsExactly("repo_map", "list_files", "read_file", "grep", "find_symbol");
        for (ToolSpec spec : tools.specs()) {
            assertThat(spec.description()).isNotBlank();
            assertThat(spec.parameters().get("type").asText()).isEqualTo("object");
            assertThat(spec.parameters().get("additionalProperties").asBoolean())
                    .isFalse();
        }
        assertThat(tools.tool("read_file")
                        .orElseThrow()
                        .spec()
                        .parameters()
                        .get("required")
                        .toString())
                .isEqualTo("[\"path\"]");
        assertThat(tools.only("search", List.of("grep", "find_symbol")).specs()).hasSize(2);
        assertThatThrownBy(() -> tools.only("x", List.of("write_file"))).hasMessageContaining("no tool 'write_file'");
    }

    @Test
    void toolCalls_withInvalidJsonOrAnUnknownTool_comeBackAsErrors() {
        ToolResult invalid = tools.execute(new ToolCall("c1", "read_file", "{\"path\": "));
        assertThat(invalid.isError()).isTrue();
        assertThat(invalid.content()).contains("not valid JSON");
        ToolResult unknown = tools.execute(new ToolCall("c2", "write_file", "{}"));
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.content())
                .isEqualTo("no tool named 'write_file'; accepted: repo_map, list_files, read_file, grep, find_symbol");
        ToolResult ok = tools.execute(new ToolCall("c3", "read_file", "{\"path\":\"README.md\",\"end_line\":1}"));
        assertThat(ok.content()).isEqualTo("1\t# sample-repo\n");
        assertThat(tools.execute(new ToolCall("c4", "repo_map", "")).isError()).isFalse();
    }

    @Test
    void tools_areThreadSafe_underManyVirtualThreads() throws Exception {
        // A generous time limit: this test is about shared state, and 400 calls on a loaded
        // 2-core machine can make an honest grep slower than the 2 s default.
        Toolbox tools = RepositoryTools.forWorkspace(Workspace.builder(Fixtures.sampleRepo())
                .limits(ToolLimits.DEFAULTS.withTimeLimit(java.time.Duration.ofMinutes(2)))
                .build());
        List<String> calls = List.of(
                "repo_map|{}",
                "list_files|{'pattern': '*.java'}",
                "read_file|{'path': 'store/store.go', 'start_line': 19, 'end_line': 21}",
                "grep|{'pattern': 'SELECT'}",
                "find_symbol|{'name': 'User*'}",
                "read_file|{'path': '../etc/passwd'}");
        List<String> expected = new ArrayList<>();
        for (String call : calls) {
            String[] parts = call.split("\\|", 2);
            expected.add(tools.execute(parts[0], args(parts[1])).render());
        }
        SplittableRandom random = new SplittableRandom(0x7001_5EEDL);
        int[] order = random.ints(400, 0, calls.size()).toArray();
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int index : order) {
                String[] parts = calls.get(index).split("\\|", 2);
                futures.add(executor.submit(
                        () -> tools.execute(parts[0], args(parts[1])).render()));
            }
        }
        for (int i = 0; i < order.length; i++) {
            assertThat(futures.get(i).get()).isEqualTo(expected.get(order[i]));
        }
    }
}
