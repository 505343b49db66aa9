/** Runnable examples of the Java API; the tests run them so they cannot rot. */
@NullMarked
package dev.flotilla.examples;

import org.jspecify.annotations.NullMarked;
