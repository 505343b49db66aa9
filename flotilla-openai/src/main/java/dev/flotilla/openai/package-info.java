/**
 * The OpenAI wire protocol both ways, for clients and servers: {@link
 * dev.flotilla.openai.ChatCompletionsCodec} and {@link dev.flotilla.openai.ResponsesCodec} translate
 * between the wire types of {@code dev.flotilla.openai.wire} and the provider SPI, {@link
 * dev.flotilla.openai.OpenAiErrors} maps error answers to and from {@code ProviderException}, {@link
 * dev.flotilla.openai.RateLimitHeaders} reads and writes {@code x-ratelimit-*}, and {@link
 * dev.flotilla.openai.OpenAiProvider} calls OpenAI or any OpenAI-compatible endpoint.
 */
@NullMarked
package dev.flotilla.openai;

import org.jspecify.annotations.NullMarked;
