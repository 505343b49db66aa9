package dev.flotilla.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.metering.TokenCounter;
import org.junit.jupiter.api.Test;

/** The fan-out benchmark's run, checked on counts (never on time). */
class FanOutBenchmarkTest {

    @Test
    void fanOut_moreSubtasksThanTheRpmBucket_allFinishWithoutA429() {
        // 60 subtasks against a full bucket of 56: the last 4 wait for the refill (about 4 s).
        FanOutBenchmark.Config config = new FanOutBenchmark.Config(60, 56, 0, 16, 7);

        FanOutBenchmark.Result result = FanOutBenchmark.run(config, TokenCounter.o200k());

        assertThat(result.subtasksOk()).isEqualTo(60);
        assertThat(result.nanoCalls()).isEqualTo(60);
        assertThat(result.calls()).isEqualTo(62); // plan, 60 sub-agents, judge: nothing refused or retried
        assertThat(result.rateLimited()).isZero();
        assertThat(result.otherFailures()).isZero();
        assertThat(result.answer()).isEqualTo("60 of 60 items classified");
    }
}
