package dev.flotilla.orchestration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A run store in memory: checkpoints live as long as the process. Thread-safe. */
public final class InMemoryRunStore implements RunStore {
    private final Map<String, RunStore.StoredRun> runs = new ConcurrentHashMap<>();

    @Override
    public void runStarted(String runId, String task) {
        runs.putIfAbsent(runId, new StoredRun(runId, task, null, Map.of(), "running"));
    }

    @Override
    public void planSaved(String runId, String planJson) {
        runs.computeIfPresent(
                runId, (id, run) -> new StoredRun(id, run.task(), planJson, run.finished(), run.status()));
    }

    @Override
    public void subtaskFinished(String runId, String subtaskId, String output) {
        runs.computeIfPresent(runId, (id, run) -> {
            Map<String, String> finished = new LinkedHashMap<>(run.finished());
            finished.putIfAbsent(subtaskId, output);
            return new StoredRun(id, run.task(), run.planJson(), finished, run.status());
        });
    }

    @Override
    public void runFinished(String runId, String status, @Nullable String answer) {
        runs.computeIfPresent(
                runId, (id, run) -> new StoredRun(id, run.task(), run.planJson(), run.finished(), status));
    }

    @Override
    public Optional<StoredRun> load(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }
}
