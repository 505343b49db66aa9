package dev.flotilla.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ledger.InMemoryLedger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BudgetRaceTest {
    static Stream<Long> seeds() {
        return LongStream.range(0, 10).mapToObj(i -> 0xB0D6E7L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void race_200ParallelCallsOnADollar_neverOverReserve_andSpentEqualsTheLedger(long seed) throws Exception {
        BudgetRace.Result result = BudgetRace.runAndCheck(new InMemoryLedger(), seed);

        assertThat(result.peakCommittedUsd()).isPositive();
    }
}
