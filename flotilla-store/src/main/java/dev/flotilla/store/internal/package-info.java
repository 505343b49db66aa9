/** JDBC machinery of the store: row mapping and connection setup. */
@NullMarked
package dev.flotilla.store.internal;

import org.jspecify.annotations.NullMarked;
