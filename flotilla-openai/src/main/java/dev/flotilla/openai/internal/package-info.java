/** Machinery of the OpenAI module: header look-ups, content conversion, usage estimates. */
@NullMarked
package dev.flotilla.openai.internal;

import org.jspecify.annotations.NullMarked;
