/**
 * Server-sent events as the WHATWG HTML standard defines them: {@link dev.flotilla.openai.sse.SseParser}
 * reads a byte stream cut at any point, {@link dev.flotilla.openai.sse.SseWriter} writes events.
 */
@NullMarked
package dev.flotilla.openai.sse;

import org.jspecify.annotations.NullMarked;
