/**
 * Live rate limits: per-model token buckets (requests and tokens per minute) seeded from the
 * catalog and corrected from the providers' rate-limit headers and 429s, and a scheduler per model
 * where callers queue for capacity by priority with bounded waits.
 */
@NullMarked
package dev.flotilla.limits;

import org.jspecify.annotations.NullMarked;
