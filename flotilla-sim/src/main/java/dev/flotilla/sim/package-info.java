/**
 * The simulator: one engine ({@link dev.flotilla.sim.Simulator}) that plays every catalog model from
 * its profile (latency, token usage, prompt cache, rate limits, faults), scripted by a
 * {@link dev.flotilla.sim.Scenario}, with an in-process face ({@link dev.flotilla.sim.SimulatedProvider}).
 */
@NullMarked
package dev.flotilla.sim;

import org.jspecify.annotations.NullMarked;
