/** Orchestration machinery: the sub-agent loop and the state a run shares. */
@NullMarked
package dev.flotilla.orchestration.internal;

import org.jspecify.annotations.NullMarked;
