package dev.flotilla.routing;

import dev.flotilla.metering.Usage;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ProviderException;
import java.util.Objects;

/** How one admitted attempt ended, with the usage to meter and settle. */
public sealed interface AttemptOutcome {

    /** The tokens the attempt consumed (billed even when it failed or was rejected). */
    Usage usage();

    /** The model answered and the answer was accepted. */
    record Succeeded(ModelResult result) implements AttemptOutcome {
        public Succeeded {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public Usage usage() {
            return result.usage();
        }
    }

    /** The model answered but the caller's validator rejected the answer (it is escalated). */
    record Rejected(ModelResult result, String reason) implements AttemptOutcome {
        public Rejected {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Usage usage() {
            return result.usage();
        }
    }

    /** The call failed; {@code usage} is what was consumed before it did. */
    record Failed(ProviderException error, Usage usage, boolean usageEstimated, boolean receivedOutput)
            implements AttemptOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /**
     * The attempt was admitted by some hooks but refused by a later one (say, a budget) before it
     * was sent: nothing was consumed. Only hooks composed with {@link AttemptHooks#of} see it.
     */
    record Refused(String reason) implements AttemptOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Usage usage() {
            return Usage.ZERO;
        }
    }

    /** The outcome of an attempt refused before it was sent. */
    static AttemptOutcome refused(Attempt attempt, String reason) {
        return new Refused("attempt " + attempt.callId() + " refused: " + reason);
    }
}
