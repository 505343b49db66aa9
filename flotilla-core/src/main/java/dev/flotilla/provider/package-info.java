/**
 * The provider SPI: one canonical model call ({@link dev.flotilla.provider.ModelCall}), its result,
 * its stream of events and its errors, whatever the model behind it (OpenAI, an OpenAI-compatible
 * server, the simulator).
 */
@NullMarked
package dev.flotilla.provider;

import org.jspecify.annotations.NullMarked;
