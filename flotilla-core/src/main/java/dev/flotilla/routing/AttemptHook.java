package dev.flotilla.routing;

import dev.flotilla.provider.ModelCall;
import java.util.Objects;

/**
 * Called around every attempt of a routed call, so that budgets (reserve before, settle after) and
 * metering plug in without the router knowing them. {@link #after} is called exactly once for every
 * attempt that {@link #before} admitted, whatever the outcome. Implementations must be thread-safe:
 * many calls run at once on virtual threads.
 */
public interface AttemptHook {
    /** Admits every attempt and records nothing. */
    AttemptHook NONE = new AttemptHook() {
        @Override
        public Admission before(Attempt attempt) {
            return new Admission.Proceed(attempt.call());
        }

        @Override
        public void after(Attempt attempt, AttemptOutcome outcome) {}
    };

    /**
     * Before an attempt is sent: admit it (possibly with a smaller output cap, e.g. what the budget
     * can cover) or refuse it, which fails the call with the reason.
     */
    Admission before(Attempt attempt);

    /** After an admitted attempt ended: its outcome and usage. */
    void after(Attempt attempt, AttemptOutcome outcome);

    /** The hook's answer before an attempt. */
    sealed interface Admission {
        /**
         * Send {@code call}: the attempt's call, or a copy with a smaller {@code maxOutputTokens}
         * (its call id and model must stay the same).
         */
        record Proceed(ModelCall call) implements Admission {
            public Proceed {
                Objects.requireNonNull(call, "call");
            }
        }

        /** Do not send it; the call fails with this reason. */
        record Refuse(String reason) implements Admission {
            public Refuse {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
