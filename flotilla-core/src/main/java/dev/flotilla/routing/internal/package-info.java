/** Routing machinery: the policy file parser and the precomputed routing tables. */
@NullMarked
package dev.flotilla.routing.internal;

import org.jspecify.annotations.NullMarked;
