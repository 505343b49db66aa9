/** Token usage, exact-decimal pricing and token counting. */
@NullMarked
package dev.flotilla.metering;

import org.jspecify.annotations.NullMarked;
