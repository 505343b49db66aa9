/** Rate-limit machinery: the token bucket. */
@NullMarked
package dev.flotilla.limits.internal;

import org.jspecify.annotations.NullMarked;
