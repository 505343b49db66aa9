/**
 * Jackson types for OpenAI's Chat Completions and Responses APIs: requests, responses, streaming
 * chunks and events, error bodies. Every type keeps the fields it does not know in {@code extra}
 * and writes them back, so a gateway relays them untouched. Fields are snake_case on the wire;
 * absent fields are null and are not written.
 */
@NullMarked
package dev.flotilla.openai.wire;

import org.jspecify.annotations.NullMarked;
