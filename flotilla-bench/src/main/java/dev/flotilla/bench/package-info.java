/** JMH microbenchmarks of Flotilla's hot paths. */
@NullMarked
package dev.flotilla.bench;

import org.jspecify.annotations.NullMarked;
