/** The gateway's machinery: request handling, key checks and limits, the attempt hook, metrics. */
@NullMarked
package dev.flotilla.gateway.internal;

import org.jspecify.annotations.NullMarked;
