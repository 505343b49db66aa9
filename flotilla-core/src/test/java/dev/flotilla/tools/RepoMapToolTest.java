package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** repo_map: a compact outline of the sample repository. */
class RepoMapToolTest {
    @Test
    void outline_listsDirectoriesFilesLanguagesLineCountsAndTopLevelDeclarations() {
        ToolResult result =
                RepositoryTools.repoMap(Workspace.of(Fixtures.sampleRepo())).execute(args("{}"));
        assertThat(result.isError()).isFalse();
        String map = result.content();
        assertThat(map.lines().findFirst().orElseThrow())
                .isEqualTo("16 files, " + totalLines(map)
                        + " lines; go 2, java 4, javascript 1, markdown 3, python 3, typescript 2");
        assertThat(map)
                .contains("  store.go  (go, 41 lines): struct Store:9, interface Finder:14, method FindUser:19,"
                        + " function NewStore:33, type UserID:41\n")
                .contains("  handlers.py  (python, 34 lines): class UserHandler:5, function load_settings:27,"
                        + " function refresh_cache:33\n")
                .contains("  UserDao.java  (java, 34 lines): class UserDao:10, constructor UserDao:13,"
                        + " method findUserEmail:17, method deleteUser:24, interface Auditor:31\n")
                .contains("web/\n  api.ts  (typescript, 165 lines)")
                .contains("  server.js  (javascript, 23 lines): class Router:6, function startServer:16,"
                        + " function authHeader:21\n")
                .contains("./\n  .gitignore  (2 lines)\n");
        assertThat(result.attributes()).containsEntry("files", "16 of 16");
    }

    private static long totalLines(String map) {
        return map.lines()
                .filter(l -> l.startsWith("  "))
                .mapToLong(l -> {
                    java.util.regex.Matcher m =
                            java.util.regex.Pattern.compile("(\\d+) lines?\\)").matcher(l);
                    return m.find() ? Long.parseLong(m.group(1)) : 0;
                })
                .sum();
    }
}
