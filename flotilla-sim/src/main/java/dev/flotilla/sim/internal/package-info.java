/** The simulator's machinery: scenario parsing, token buckets, prompt cache, content generators. */
@NullMarked
package dev.flotilla.sim.internal;

import org.jspecify.annotations.NullMarked;
