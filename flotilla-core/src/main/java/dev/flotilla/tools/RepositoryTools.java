package dev.flotilla.tools;

import dev.flotilla.tools.internal.FindSymbolTool;
import dev.flotilla.tools.internal.GrepTool;
import dev.flotilla.tools.internal.ListFilesTool;
import dev.flotilla.tools.internal.ReadFileTool;
import dev.flotilla.tools.internal.RepoMapTool;
import java.util.List;

/** The five read-only repository tools: list_files, read_file, grep, find_symbol and repo_map. */
public final class RepositoryTools {
    /** The toolbox's name. */
    public static final String TOOLBOX_NAME = "repository";

    /** The tools' names, in toolbox order. */
    public static final List<String> NAMES =
            List.of(RepoMapTool.NAME, ListFilesTool.NAME, ReadFileTool.NAME, GrepTool.NAME, FindSymbolTool.NAME);

    private RepositoryTools() {}

    /** The five tools on {@code workspace}, as a toolbox named {@value #TOOLBOX_NAME}. */
    public static Toolbox forWorkspace(Workspace workspace) {
        return Toolbox.of(
                TOOLBOX_NAME,
                List.of(
                        new RepoMapTool(workspace),
                        new ListFilesTool(workspace),
                        new ReadFileTool(workspace),
                        new GrepTool(workspace),
                        new FindSymbolTool(workspace)));
    }

    /** The list_files tool on {@code workspace}. */
    public static Tool listFiles(Workspace workspace) {
        return new ListFilesTool(workspace);
    }

    /** The read_file tool on {@code workspace}. */
    public static Tool readFile(Workspace workspace) {
        return new ReadFileTool(workspace);
    }

    /** The grep tool on {@code workspace}. */
    public static Tool grep(Workspace workspace) {
        return new GrepTool(workspace);
    }

    /** The find_symbol tool on {@code workspace}. */
    public static Tool findSymbol(Workspace workspace) {
        return new FindSymbolTool(workspace);
    }

    /** The repo_map tool on {@code workspace}. */
    public static Tool repoMap(Workspace workspace) {
        return new RepoMapTool(workspace);
    }
}
