package dev.flotilla.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.provider.RateLimitSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitHeadersTest {

    @ParameterizedTest
    @CsvSource({
        "1s, PT1S",
        "6m0s, PT6M",
        "12ms, PT0.012S",
        "1h2m3.5s, PT1H2M3.5S",
        "0s, PT0S",
        "250us, PT0.00025S",
        "2.5, PT2.5S",
        "17, PT17S",
        "1.5s, PT1.5S",
        "' 3s ', PT3S"
    })
    void parseDuration_readsGoStyleDurations(String text, String expected) {
        assertThat(RateLimitHeaders.parseDuration(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1s", "1x", "s", "1s2", "1 s", "99999999999999999999h", "NaN"})
    void parseDuration_oddValuesAreAbsent(String text) {
        assertThat(RateLimitHeaders.parseDuration(text)).isEmpty();
    }

    @Test
    void parse_readsAllSixHeadersInAnyCase() {
        Map<String, List<String>> headers = Map.of(
                "X-RateLimit-Limit-Requests", List.of("5000"),
                "x-ratelimit-remaining-requests", List.of("4999"),
                "x-ratelimit-reset-requests", List.of("12ms"),
                "x-ratelimit-limit-tokens", List.of("4000000"),
                "x-ratelimit-remaining-tokens", List.of("3999950"),
                "x-ratelimit-reset-tokens", List.of("6m0s"));
        assertThat(RateLimitHeaders.parse(headers))
                .isEqualTo(new RateLimitSnapshot(
                        5000L, 4999L, Duration.ofMillis(12), 4_000_000L, 3_999_950L, Duration.ofMinutes(6)));
    }

    @Test
    void parse_toleratesMissingAndOddValues() {
        Map<String, List<String>> headers = Map.of(
                "x-ratelimit-limit-requests", List.of("lots"),
                "x-ratelimit-remaining-requests", List.of("-3"),
                "x-ratelimit-reset-requests", List.of("soon"),
                "x-ratelimit-remaining-tokens", List.of(""));
        assertThat(RateLimitHeaders.parse(headers)).isEqualTo(RateLimitSnapshot.NONE);
        assertThat(RateLimitHeaders.parse(Map.of())).isEqualTo(RateLimitSnapshot.NONE);
    }

    @Test
    void retryAfter_prefersMillisecondsThenSeconds() {
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("2"))))
                .contains(Duration.ofMillis(1500));
        assertThat(RateLimitHeaders.retryAfter(Map.of("Retry-After", List.of("2"))))
                .contains(Duration.ofSeconds(2));
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after-ms", List.of("x"), "retry-after", List.of("3"))))
                .contains(Duration.ofSeconds(3));
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", List.of("Wed, 21 Oct 2015 07:28:00 GMT"))))
                .isEmpty();
    }

    @Test
    void writeRetryAfter_roundsUp() {
        assertThat(RateLimitHeaders.writeRetryAfter(Duration.ofMillis(1500)))
                .containsEntry("retry-after-ms", "1500")
                .containsEntry("retry-after", "2");
        assertThat(RateLimitHeaders.writeRetryAfter(Duration.ofNanos(1))).containsEntry("retry-after-ms", "1");
        assertThatThrownBy(() -> RateLimitHeaders.writeRetryAfter(Duration.ofSeconds(-1)))
                .hasMessageContaining("PT-1S");
    }

    @Test
    void formatDuration_writesWhatOpenAiSends() {
        assertThat(RateLimitHeaders.formatDuration(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(RateLimitHeaders.formatDuration(Duration.ofMillis(12))).isEqualTo("12ms");
        assertThat(RateLimitHeaders.formatDuration(Duration.ofMillis(3_723_500)))
                .isEqualTo("1h2m3.5s");
        assertThat(RateLimitHeaders.formatDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(RateLimitHeaders.formatDuration(Duration.ofSeconds(1))).isEqualTo("1s");
    }

    @Test
    void writeThenParse_givesTheSameSnapshot_forRandomSnapshots() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 500; i++) {
            RateLimitSnapshot snapshot = new RateLimitSnapshot(
                    random.nextBoolean() ? null : random.nextLong(0, 1_000_000),
                    random.nextBoolean() ? null : random.nextLong(0, 1_000_000),
                    random.nextBoolean() ? null : Duration.ofNanos(random.nextLong(0, 10_000_000_000_000L)),
                    random.nextBoolean() ? null : random.nextLong(0, 100_000_000),
                    random.nextBoolean() ? null : random.nextLong(0, 100_000_000),
                    random.nextBoolean() ? null : Duration.ofMillis(random.nextLong(0, 100_000_000)));
            Map<String, List<String>> headers = new HashMap<>();
            RateLimitHeaders.write(snapshot).forEach((k, v) -> headers.put(k, List.of(v)));
            assertThat(RateLimitHeaders.parse(headers))
                    .as("snapshot %s", snapshot)
                    .isEqualTo(snapshot);
        }
    }
}
