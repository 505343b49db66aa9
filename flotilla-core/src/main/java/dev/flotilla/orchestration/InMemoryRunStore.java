package dev.flotilla.orchestration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A run store in memory: checkpoints live as long as the process. Thread-safe. */
public final class InMemoryRunStore implements RunStore {
    private final Map<String, RunStore.StoredRun> runs = new ConcurrentHashMap<>();
    private final Map<String, java.util.Queue<Span>> spans = new ConcurrentHashMap<>();

    @Override
    public void runStarted(String runId, String task) {
        runs.putIfAbsent(runId, new StoredRun(runId, task, null, Map.of(), "running", null));
    }

    @Override
    public void planSaved(String runId, String planJson) {
        runs.computeIfPresent(
                runId, (id, run) -> new StoredRun(id, run.task(), planJson, run.finished(), run.status(), run.job()));
    }

    @Override
    public void subtaskFinished(String runId, String subtaskId, String output) {
        runs.computeIfPresent(runId, (id, run) -> {
            Map<String, String> finished = new LinkedHashMap<>(run.finished());
            finished.putIfAbsent(subtaskId, output);
            return new StoredRun(id, run.task(), run.planJson(), finished, run.status(), run.job());
        });
    }

    @Override
    public void runFinished(String runId, String status, @Nullable String answer) {
        runs.computeIfPresent(
                runId, (id, run) -> new StoredRun(id, run.task(), run.planJson(), run.finished(), status, run.job()));
    }

    @Override
    public void jobSaved(String runId, String jobJson) {
        runs.computeIfPresent(
                runId,
                (id, run) -> new StoredRun(id, run.task(), run.planJson(), run.finished(), run.status(), jobJson));
    }

    @Override
    public void spanRecorded(String runId, Span span) {
        spans.computeIfAbsent(runId, id -> new java.util.concurrent.ConcurrentLinkedQueue<>())
                .add(span);
    }

    @Override
    public java.util.List<Span> spans(String runId) {
        java.util.List<Span> list = new java.util.ArrayList<>(
                spans.getOrDefault(runId, new java.util.concurrent.ConcurrentLinkedQueue<>()));
        list.sort(java.util.Comparator.comparing(Span::start).thenComparing(Span::id));
        return list;
    }

    @Override
    public Optional<StoredRun> load(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }
}
