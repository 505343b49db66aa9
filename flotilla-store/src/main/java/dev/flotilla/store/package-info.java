/**
 * The ledger on JDBC: an SQLite file by default ({@code $FLOTILLA_HOME/flotilla.db}), PostgreSQL
 * when {@code FLOTILLA_DB_URL} is a {@code jdbc:postgresql:} URL; one schema migrated by Flyway.
 */
@NullMarked
package dev.flotilla.store;

import org.jspecify.annotations.NullMarked;
