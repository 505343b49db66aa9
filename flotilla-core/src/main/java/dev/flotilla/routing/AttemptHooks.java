package dev.flotilla.routing;

import java.util.ArrayList;
import java.util.List;

/** Composes attempt hooks: budgets, metering and tracing each see every attempt. */
public final class AttemptHooks {
    private AttemptHooks() {}

    /**
     * A hook that runs {@code hooks} in order before an attempt and in reverse order after it. When
     * one refuses, the hooks that already admitted the attempt hear it ended (failed, no usage), so
     * a reservation made by an earlier hook is released.
     */
    public static AttemptHook of(AttemptHook... hooks) {
        List<AttemptHook> list = List.of(hooks);
        return new AttemptHook() {
            @Override
            public Admission before(Attempt attempt) {
                List<AttemptHook> admitted = new ArrayList<>();
                Attempt current = attempt;
                for (AttemptHook hook : list) {
                    Admission admission = hook.before(current);
                    switch (admission) {
                        case Admission.Proceed proceed -> {
                            admitted.add(hook);
                            current = current.withCall(proceed.call());
                        }
                        case Admission.Refuse refuse -> {
                            AttemptOutcome refused = AttemptOutcome.refused(current, refuse.reason());
                            for (int i = admitted.size() - 1; i >= 0; i--) {
                                admitted.get(i).after(current, refused);
                            }
                            return refuse;
                        }
                    }
                }
                return new Admission.Proceed(current.call());
            }

            @Override
            public void after(Attempt attempt, AttemptOutcome outcome) {
                RuntimeException first = null;
                for (int i = list.size() - 1; i >= 0; i--) {
                    try {
                        list.get(i).after(attempt, outcome);
                    } catch (RuntimeException e) {
                        // Every hook must hear the end of the attempt (a budget must release).
                        if (first == null) {
                            first = e;
                        } else {
                            first.addSuppressed(e);
                        }
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        };
    }
}
