/** The {@code flotilla} command line. */
@NullMarked
package dev.flotilla.cli;

import org.jspecify.annotations.NullMarked;
