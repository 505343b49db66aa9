/**
 * The ledger: a durable record of every model call (usage, cost, outcome, routing), of runs, budgets
 * and reservations; spend totals over it. {@code flotilla-store} implements it on SQLite and
 * PostgreSQL; {@link dev.flotilla.ledger.InMemoryLedger} serves tests.
 */
@NullMarked
package dev.flotilla.ledger;

import org.jspecify.annotations.NullMarked;
