package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static dev.flotilla.tools.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flotilla.tools.PathRefusedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox: each way out of the workspace is refused with a clear reason. */
class WorkspaceSandboxTest {
    @TempDir
    Path temp;

    Path root;
    Path outside;
    Workspace workspace;
    Toolbox tools;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("repo"));
        outside = Files.createDirectories(temp.resolve("outside"));
        write(outside, "secret.txt", "CANARY-OUTSIDE-1234\n");
        write(root, "src/Main.java", "class Main {}\n");
        workspace = Workspace.of(root);
        tools = RepositoryTools.forWorkspace(workspace);
    }

    private Reason refusal(String path) {
        try {
            workspace.resolve(path);
        } catch (PathRefusedException e) {
            assertThat(e.getMessage()).contains(e.path());
            return e.reason();
        }
        throw new AssertionError("'" + path + "' was not refused");
    }

    private ToolResult read(String path) {
        return tools.execute("read_file", JsonNodeFactory.instance.objectNode().put("path", path));
    }

    @Test
    void resolve_insidePath_givesTheRealPathUnderTheRoot() throws IOException {
        assertThat(workspace.resolve("src/Main.java"))
                .isEqualTo(root.toRealPath().resolve("src/Main.java"));
        assertThat(workspace.resolve("src/../src/Main.java"))
                .isEqualTo(root.toRealPath().resolve("src/Main.java"));
        assertThat(workspace.resolve("")).isEqualTo(root.toRealPath());
        assertThat(workspace.resolve(root.toRealPath().resolve("src/Main.java").toString()))
                .isEqualTo(root.toRealPath().resolve("src/Main.java"));
    }

    @Test
    void traversal_withDotDot_isRefused() {
        assertThat(refusal("../outside/secret.txt")).isEqualTo(Reason.TRAVERSAL);
        assertThat(refusal("src/../../outside/secret.txt")).isEqualTo(Reason.TRAVERSAL);
        assertThat(refusal("..")).isEqualTo(Reason.TRAVERSAL);
        ToolResult result = read("../outside/secret.txt");
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("../outside/secret.txt", "climbs out of the workspace");
        assertThat(result.render()).doesNotContain("CANARY-OUTSIDE");
    }

    @Test
    void absolutePath_outsideTheWorkspace_isRefused() {
        String absolute = outside.resolve("secret.txt").toString();
        assertThat(refusal(absolute)).isEqualTo(Reason.OUTSIDE);
        assertThat(refusal("/etc/passwd")).isEqualTo(Reason.OUTSIDE);
        ToolResult result = read("/etc/passwd");
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("/etc/passwd", "outside the workspace");
    }

    @Test
    void symlink_pointingOutside_isRefused_andNotListed() throws IOException {
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        assertThat(refusal("link.txt")).isEqualTo(Reason.SYMLINK_OUTSIDE);
        assertThat(refusal("linkdir/secret.txt")).isEqualTo(Reason.SYMLINK_OUTSIDE);
        ToolResult result = read("link.txt");
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("symbolic link that points outside");
        assertThat(result.render()).doesNotContain("CANARY-OUTSIDE").doesNotContain(outside.toString());

        assertThat(tools.execute("list_files", args("{}")).content())
                .contains("src/Main.java")
                .doesNotContain("link");
        assertThat(tools.execute("grep", args("{'pattern': 'CANARY'}")).content())
                .startsWith("no matches");
    }

    @Test
    void symlink_insideTheWorkspace_isFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.java"), root.resolve("src/Main.java"));
        assertThat(read("alias.java").content()).contains("class Main");
    }

    @Test
    void nulByte_inAPath_isRefused() {
        assertThat(refusal("src/Main.java\0.txt")).isEqualTo(Reason.NUL_BYTE);
        ToolResult result = read("src/Main.java\0.txt");
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("NUL byte", "src/Main.java\\0.txt");
        assertThat(tools.execute("list_files", args("{'path': 'src\\u0000'}")).content())
                .contains("NUL byte");
    }

    @Test
    void symlinkLoop_isRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));
        Files.createSymbolicLink(root.resolve("self"), root.resolve("self"));
        assertThat(refusal("a")).isEqualTo(Reason.SYMLINK_LOOP);
        assertThat(refusal("self/x")).isEqualTo(Reason.SYMLINK_LOOP);
        ToolResult result = read("a");
        assertThat(result.isError()).isTrue();
        assertThat(result.content()).contains("symbolic link that cannot be resolved");
        // walking past the loop neither hangs nor fails
        assertThat(tools.execute("list_files", args("{}")).content()).isEqualTo("src/Main.java\n");
        assertThat(tools.execute("repo_map", args("{}")).isError()).isFalse();
    }

    @Test
    void missingFile_isNotFound_withAHint() {
        assertThat(refusal("src/Nope.java")).isEqualTo(Reason.NOT_FOUND);
        assertThat(read("src/Nope.java").content()).contains("does not exist", "list_files");
    }

    @Test
    void denyList_refusesEnvFilesKeysAndGitInternals_byDefault() {
        write(root, ".env", "OPENAI_API_KEY=sk-CANARY-ENV\n");
        write(root, "config/.env.production", "TOKEN=CANARY-PROD\n");
        write(root, "certs/key.pem", "-----BEGIN PRIVATE KEY-----CANARY\n");
        write(root, "deploy/id_rsa", "CANARY-RSA\n");
        write(root, "deploy/server.key", "CANARY-KEY\n");
        write(root, "store.p12", "CANARY\n");
        write(root, ".npmrc", "//registry/:_authToken=CANARY\n");
        write(root, ".git/config", "[remote \"origin\"]\n\turl = https://user:CANARY@example.com\n");
        for (String path : List.of(
                ".env",
                "config/.env.production",
                "certs/key.pem",
                "certs/KEY.PEM",
                "deploy/id_rsa",
                "deploy/server.key",
                "store.p12",
                ".npmrc",
                ".git/config",
                ".git")) {
            assertThat(refusal(path)).as(path).isIn(Reason.DENIED);
            ToolResult result = read(path);
            assertThat(result.isError()).isTrue();
            assertThat(result.content()).contains("denied").doesNotContain("CANARY");
        }
        assertThat(tools.execute("list_files", args("{}")).content()).isEqualTo("src/Main.java\n");
        assertThat(tools.execute("grep", args("{'pattern': 'CANARY'}")).content())
                .startsWith("no matches");
        assertThat(tools.execute("repo_map", args("{}")).content()).doesNotContain(".env", "key.pem", ".git");
    }

    @Test
    void denyList_appliesToTheTargetOfASymlink() throws IOException {
        write(root, ".env", "OPENAI_API_KEY=sk-CANARY-ENV\n");
        Files.createSymbolicLink(root.resolve("innocent.txt"), root.resolve(".env"));
        assertThat(refusal("innocent.txt")).isEqualTo(Reason.DENIED);
        assertThat(tools.execute("list_files", args("{}")).content()).doesNotContain("innocent");
    }

    @Test
    void denyList_isConfigurable() {
        write(root, ".env", "A=1\n");
        write(root, "private/notes.txt", "secret\n");
        Workspace custom = Workspace.builder(root)
                .denyList(DenyList.of(List.of("private/")))
                .build();
        assertThat(custom.resolve(".env")).exists();
        assertThatThrownBy(() -> custom.resolve("private/notes.txt"))
                .isInstanceOf(PathRefusedException.class)
                .hasMessageContaining("'private/'");
        assertThat(DenyList.defaults().plus("*.secret").isDenied("a/b.secret")).isTrue();
    }

    @Test
    void root_thatIsNotADirectory_isRejectedAtBuild() {
        Path file = write(temp, "file.txt", "x");
        assertThatThrownBy(() -> Workspace.of(file)).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> Workspace.of(temp.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
