package dev.flotilla.metering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTest {
    @Test
    void o200k_countsHelloWorldAsFourTokens() {
        TokenCounter counter = TokenCounter.o200k();

        assertThat(counter.count("Hello, world!")).isEqualTo(4);
        assertThat(counter.count("")).isZero();
        assertThat(counter.count("Hello, world! Hello, world!")).isGreaterThan(4);
    }
}
