/**
 * Orchestration: the flagship plans a run as a DAG of subtasks, sub-agents on cheaper models run
 * them in parallel with tools, and the flagship judges the results. Every step is a span of the
 * run's {@link dev.flotilla.orchestration.Trace}.
 */
@NullMarked
package dev.flotilla.orchestration;

import org.jspecify.annotations.NullMarked;
