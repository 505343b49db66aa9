/** Routing: which model a task goes to, and why. */
@NullMarked
package dev.flotilla.routing;

import org.jspecify.annotations.NullMarked;
