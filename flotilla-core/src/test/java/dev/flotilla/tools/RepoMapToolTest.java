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
                .isEqualTo("10 files, " + totalLines(map)
                        + " lines; go 1, java 2, javascript 1, markdown 3, python 1, typescript 1");
        assertThat(map)
                .contains("store/\n  store.go  (go, 41 lines): struct Store:9, interface Finder:14, method FindUser:19,"
                        + " function NewStore:33, type UserID:41\n")
                .contains("  handlers.py  (python, 34 lines): class UserHandler:5, function load_settings:27,"
                        + " function refresh_cache:33\n")
                .contains("  UserDao.java  (java, 34 lines): class UserDao:10, constructor UserDao:13,"
                        + " method findUserEmail:17, method deleteUser:24, interface Auditor:31\n")
                .contains("web/\n  server.js  (javascript, 23 lines): class Router:6, function startServer:16,"
                        + " function authHeader:21\n")
                .contains("./\n  .gitignore  (2 lines)\n");
        assertThat(result.attributes()).containsEntry("files", "10 of 10");
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
