package dev.flotilla.limits;

import dev.flotilla.routing.TaskKind;

/** Who goes first when callers queue for a model's capacity: coordinators before workers. */
public enum Priority {
    /** The flagship's own work, plan and judge: the workers wait on it. */
    COORDINATOR,
    /** Sub-agent work. */
    WORKER;

    /** Coordinator for plan and judge, worker for everything else. */
    public static Priority of(TaskKind kind) {
        return kind.isCoordinator() ? COORDINATOR : WORKER;
    }
}
