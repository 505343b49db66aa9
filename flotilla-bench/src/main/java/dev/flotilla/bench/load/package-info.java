/** Load drivers for the gateway: closed and open loop over the JDK HttpClient, and a canned upstream. */
@NullMarked
package dev.flotilla.bench.load;

import org.jspecify.annotations.NullMarked;
