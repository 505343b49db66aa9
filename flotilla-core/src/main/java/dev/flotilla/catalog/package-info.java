/**
 * The model catalog: every model Flotilla may call, with its prices, limits, capabilities and
 * quality scores. Load it with {@link dev.flotilla.catalog.Catalog#load}.
 */
@NullMarked
package dev.flotilla.catalog;

import org.jspecify.annotations.NullMarked;
