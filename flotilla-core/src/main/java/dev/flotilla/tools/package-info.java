/**
 * Read-only repository tools for sub-agents: {@link dev.flotilla.tools.Tool}, its
 * {@link dev.flotilla.tools.ToolResult} (rendered inside data delimiters), the
 * {@link dev.flotilla.tools.Toolbox} a sub-agent is given, and the
 * {@link dev.flotilla.tools.Workspace} sandbox every path goes through.
 */
@NullMarked
package dev.flotilla.tools;

import org.jspecify.annotations.NullMarked;
