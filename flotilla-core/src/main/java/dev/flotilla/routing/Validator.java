package dev.flotilla.routing;

import dev.flotilla.provider.ModelResult;
import java.util.Objects;

/**
 * Judges a model's answer (a schema check, a refusal detector, a verifier model's verdict). A
 * rejected answer is re-run one tier up, a bounded number of times.
 */
@FunctionalInterface
public interface Validator {

    /** Accepts or rejects an answer. */
    Verdict validate(ModelResult result);

    /** A validator's verdict. */
    sealed interface Verdict {
        /** The answer is good. */
        Verdict ACCEPT = new Accept();

        /** The answer is good. */
        record Accept() implements Verdict {}

        /** The answer is not good enough, and why. */
        record Reject(String reason) implements Verdict {
            public Reject {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
