package dev.flotilla.tools;

import static dev.flotilla.tools.Fixtures.args;
import static dev.flotilla.tools.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list_files: globs, .gitignore semantics, order and caps. */
class ListFilesToolTest {
    @TempDir
    Path root;

    Tool listFiles;

    @BeforeEach
    void setUp() {
        listFiles = RepositoryTools.listFiles(Workspace.of(root));
    }

    private String list(String json) {
        return listFiles.execute(args(json)).content();
    }

    @Test
    void gitignore_rootNestedNegationAndDirectoryPatterns_areHonoured() {
        write(root, ".gitignore", "# build output\n*.log\n!important.log\nbuild/\n/dist\ndocs/**/*.tmp\n");
        write(root, "app.log", "");
        write(root, "important.log", "");
        write(root, "build/classes/A.class.txt", "");
        write(root, "src/build/Builder.java", ""); // 'build/' matches a directory at any depth
        write(root, "dist/bundle.js", "");
        write(root, "src/dist/keep.js", ""); // '/dist' is anchored to the root
        write(root, "docs/a/b/x.tmp", "");
        write(root, "docs/a/b/x.md", "");
        write(root, "src/Main.java", "");
        write(root, "src/gen/.gitignore", "*\n!.gitignore\n!Keep.java\n");
        write(root, "src/gen/Gen.java", "");
        write(root, "src/gen/Keep.java", "");
        write(root, "notes/build", ""); // a file named like a directory-only pattern stays

        assertThat(list("{}"))
                .isEqualTo(String.join(
                        "\n",
                        ".gitignore",
                        "docs/a/b/x.md",
                        "important.log",
                        "notes/build",
                        "src/Main.java",
                        "src/dist/keep.js",
                        "src/gen/.gitignore",
                        "src/gen/Keep.java",
                        ""));
    }

    @Test
    void listingAnIgnoredDirectory_findsNothing() {
        write(root, ".gitignore", "target/\n");
        write(root, "target/out.txt", "");
        assertThat(list("{'path': 'target'}")).startsWith("no files match '**' under 'target'");
    }

    @Test
    void globs_matchNamesAtAnyDepth_orPathsWithSlash() {
        write(root, "src/main/java/A.java", "");
        write(root, "src/test/java/ATest.java", "");
        write(root, "web/app.ts", "");
        write(root, "web/app.tsx", "");
        write(root, "README.md", "");
        assertThat(list("{'pattern': '*.java'}")).isEqualTo("src/main/java/A.java\nsrc/test/java/ATest.java\n");
        assertThat(list("{'pattern': 'src/test/**'}")).isEqualTo("src/test/java/ATest.java\n");
        assertThat(list("{'pattern': '*.{ts,tsx}'}")).isEqualTo("web/app.ts\nweb/app.tsx\n");
        assertThat(list("{'pattern': '**/*Test.java'}")).isEqualTo("src/test/java/ATest.java\n");
        assertThat(list("{'pattern': 'java/*.java', 'path': 'src/main'}")).isEqualTo("src/main/java/A.java\n");
        assertThat(list("{'pattern': '[A-Z]*.md'}")).isEqualTo("README.md\n");
        assertThat(list("{'pattern': '*.{ts'}")).contains("is not a valid glob");
    }

    @Test
    void results_areSortedByFullPath_andCapped() {
        write(root, "a-b/x", "");
        write(root, "a/z", "");
        write(root, "a.txt", "");
        assertThat(list("{}")).isEqualTo("a-b/x\na.txt\na/z\n");

        for (int i = 0; i < 30; i++) {
            write(root, "many/f" + i, "");
        }
        Workspace capped = Workspace.builder(root)
                .limits(ToolLimits.DEFAULTS.withCounts(10, 200))
                .build();
        ToolResult result = RepositoryTools.listFiles(capped).execute(args("{'path': 'many'}"));
        assertThat(result.content().lines().filter(l -> l.startsWith("many/"))).hasSize(10);
        assertThat(result.content()).endsWith("[20 more not shown; narrow with pattern or path]\n");
        assertThat(result.truncated()).isTrue();
        assertThat(result.attributes()).containsEntry("count", "10 of 30");
    }
}
