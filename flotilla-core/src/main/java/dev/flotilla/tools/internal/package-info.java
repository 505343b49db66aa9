/** Machinery of the repository tools: globs, .gitignore rules, walking, line reading, the tools. */
@NullMarked
package dev.flotilla.tools.internal;

import org.jspecify.annotations.NullMarked;
