/**
 * The gateway: an OpenAI-compatible HTTP API ({@code flotilla serve}) in front of the router,
 * rate limits, escrow budgets, metering and the ledger, with virtual keys.
 */
@NullMarked
package dev.flotilla.gateway;

import org.jspecify.annotations.NullMarked;
