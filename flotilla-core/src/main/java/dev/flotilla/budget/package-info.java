/**
 * Escrow budgets: hierarchical limits (API key or user, run, subtask) in USD, tokens and quota units
 * over windows; a call reserves its worst case against its budget and every ancestor before it is
 * sent, and settles to its actual cost after.
 */
@NullMarked
package dev.flotilla.budget;

import org.jspecify.annotations.NullMarked;
