package dev.flotilla.tools.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.tools.PathRefusedException;
import dev.flotilla.tools.Tool;
import dev.flotilla.tools.ToolResult;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What every repository tool shares: its spec, argument checking, and the rule that nothing a model
 * sends makes it throw. Subclasses hold no mutable state, so one instance serves many threads.
 */
abstract class WorkspaceTool implements Tool {
    /** Room kept under the result cap for a trailing note. */
    static final int NOTE_ROOM = 512;

    final Workspace workspace;
    private final Args args;
    private final ToolSpec spec;

    WorkspaceTool(Workspace workspace, String name, String description, Args args) {
        this.workspace = workspace;
        this.args = args;
        this.spec = new ToolSpec(name, description, args.schema());
    }

    @Override
    public final ToolSpec spec() {
        return spec;
    }

    @Override
    public final ToolResult execute(@Nullable JsonNode arguments) {
        try {
            return run(args.read(arguments));
        } catch (Args.BadArgumentException | PathRefusedException e) {
            return ToolResult.error(name(), e.getMessage());
        } catch (Deadline.TimeLimitExceededException e) {
            return ToolResult.error(
                    name(),
                    e.interrupted()
                            ? name() + " was cancelled"
                            : name() + " stopped at its time limit of "
                                    + workspace.limits().timeLimit() + "; narrow the path or pattern");
        } catch (IOException | UncheckedIOException e) {
            return ToolResult.error(
                    name(),
                    name() + " could not read the workspace: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // A bug must not take the sub-agent down with it; the message carries no file content.
            return ToolResult.error(name(), name() + " failed: " + e.getClass().getSimpleName());
        }
    }

    /** Runs the tool with checked arguments. */
    abstract ToolResult run(Args.Values values) throws IOException;

    /** The deadline for this call. */
    Deadline deadline() {
        return Deadline.after(workspace.clock(), workspace.limits().timeLimit());
    }

    /** Resolves the optional {@code path} argument (default the root) to a directory or file. */
    Path resolveStart(Args.Values values) {
        return workspace.resolve(values.string("path").orElse("."));
    }

    /** A workspace-relative path for display; {@code .} for the root. */
    String display(Path real) {
        String relative = workspace.relativize(real);
        return relative.isEmpty() ? "." : relative;
    }

    /** Whether the file is a regular file (after links). */
    static boolean isFile(Path real) {
        return Files.isRegularFile(real);
    }

    /** At most {@code maxBytes} UTF-8 bytes of {@code text}, cut at a character boundary. */
    static String cutToBytes(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            if (size == 4) {
                i++;
            }
        }
        return text;
    }
}
