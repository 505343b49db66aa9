package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static dev.flotilla.tools.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** find_symbol in Java, Python, JavaScript, TypeScript and Go, on the sample repository. */
class FindSymbolToolTest {
    private final Tool findSymbol = RepositoryTools.findSymbol(Workspace.of(Fixtures.sampleRepo()));

    private String find(String json) {
        ToolResult result = findSymbol.execute(args(json));
        assertThat(result.isError()).as(result.content()).isFalse();
        return result.content();
    }

    @Test
    void java_classesInterfacesMethodsAndConstructors() {
        assertThat(find("{'name': 'UserDao'}"))
                .contains("src/main/java/com/example/UserDao.java:10: class UserDao: public class UserDao {")
                .contains(
                        "src/main/java/com/example/UserDao.java:13: constructor UserDao: public UserDao(String url) {");
        assertThat(find("{'name': 'findUserEmail'}"))
                .isEqualTo("src/main/java/com/example/UserDao.java:17: method findUserEmail: public String"
                        + " findUserEmail(String name) throws SQLException {\n");
        assertThat(find("{'name': 'Auditor'}")).contains("UserDao.java:31: interface Auditor:");
        assertThat(find("{'name': 'audit'}")).contains("UserDao.java:32: method audit: void audit(String event);");
        // statements that look like calls are not declarations
        assertThat(find("{'name': 'executeQuery'}")).startsWith("no declaration of 'executeQuery'");
    }

    @Test
    void python_classesFunctionsAndMethods() {
        assertThat(find("{'name': 'UserHandler'}"))
                .isEqualTo("app/handlers.py:5: class UserHandler: class UserHandler:\n");
        assertThat(find("{'name': 'find_user'}"))
                .isEqualTo(
                        "app/handlers.py:6: method find_user: def find_user(self, db: sqlite3.Connection, name: str):\n");
        assertThat(find("{'name': 'load_settings'}")).startsWith("app/handlers.py:27: function load_settings:");
        assertThat(find("{'name': 'refresh_cache'}")).startsWith("app/handlers.py:33: function refresh_cache:");
    }

    @Test
    void javascript_classesFunctionsArrowFunctionsAndMethods() {
        assertThat(find("{'name': 'Router', 'language': 'javascript'}"))
                .isEqualTo("web/server.js:6: class Router: class Router {\n");
        assertThat(find("{'name': 'startServer'}"))
                .isEqualTo("web/server.js:16: function startServer: function startServer(port) {\n");
        assertThat(find("{'name': 'authHeader'}")).startsWith("web/server.js:21: function authHeader:");
        assertThat(find("{'name': 'handle'}"))
                .isEqualTo("web/server.js:7: method handle: handle(request, response) {\n");
    }

    @Test
    void typescript_interfacesTypesEnumsClassesAndFunctions() {
        assertThat(find("{'name': 'User'}")).isEqualTo("web/types.ts:1: interface User: export interface User {\n");
        assertThat(find("{'name': 'UserId'}")).isEqualTo("web/types.ts:7: type UserId: export type UserId = number;\n");
        assertThat(find("{'name': 'Role'}")).isEqualTo("web/types.ts:9: enum Role: export enum Role {\n");
        assertThat(find("{'name': 'UserCache'}")).startsWith("web/types.ts:14: class UserCache:");
        assertThat(find("{'name': 'displayName'}")).startsWith("web/types.ts:22: function displayName:");
        assertThat(find("{'name': 'isAdmin'}")).startsWith("web/types.ts:26: function isAdmin:");
        assertThat(find("{'name': 'get', 'language': 'ts'}"))
                .isEqualTo("web/types.ts:17: method get: get(id: UserId): User | undefined {\n");
    }

    @Test
    void go_structsInterfacesFunctionsMethodsAndTypes() {
        assertThat(find("{'name': 'Store'}")).isEqualTo("store/store.go:9: struct Store: type Store struct {\n");
        assertThat(find("{'name': 'Finder'}"))
                .isEqualTo("store/store.go:14: interface Finder: type Finder interface {\n");
        assertThat(find("{'name': 'FindUser', 'kind': 'method'}"))
                .isEqualTo(
                        "store/store.go:19: method FindUser: func (s *Store) FindUser(name string) (string, error) {\n");
        assertThat(find("{'name': 'NewStore'}")).startsWith("store/store.go:33: function NewStore:");
        assertThat(find("{'name': 'UserID'}")).isEqualTo("store/store.go:41: type UserID: type UserID int64\n");
    }

    @Test
    void globNames_kindAndLanguageFilters_narrowTheSearch() {
        assertThat(find("{'name': 'User*', 'kind': 'class'}").lines())
                .containsExactly(
                        "app/handlers.py:5: class UserHandler: class UserHandler:",
                        "src/main/java/com/example/UserDao.java:10: class UserDao: public class UserDao {",
                        "web/types.ts:14: class UserCache: export class UserCache {");
        assertThat(findSymbol
                        .execute(args("{'name': 'x', 'language': 'cobol'}"))
                        .content())
                .contains("language 'cobol' is not supported; accepted: java, python");
    }

    @Test
    void gitignoredSources_areNotSearched(@TempDir Path root) {
        write(root, ".gitignore", "gen/\n");
        write(root, "gen/Gen.java", "class Wanted {}\n");
        write(root, "src/Real.java", "class Wanted {}\n");
        assertThat(RepositoryTools.findSymbol(Workspace.of(root))
                        .execute(args("{'name': 'Wanted'}"))
                        .content())
                .isEqualTo("src/Real.java:1: class Wanted: class Wanted {}\n");
    }
}
