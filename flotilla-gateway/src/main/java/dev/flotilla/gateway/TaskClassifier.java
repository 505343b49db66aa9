package dev.flotilla.gateway;

import dev.flotilla.gateway.internal.HeuristicClassifier;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.routing.TaskKind;

/**
 * Decides the task kind of a request whose {@code model} is {@code auto} or a tier alias and that
 * carries no {@code x-flotilla-task-kind} header. Implementations are cheap (no model call) and
 * thread-safe.
 */
@FunctionalInterface
public interface TaskClassifier {

    /** The kind of task {@code call} is. */
    TaskKind classify(ModelCall call);

    /**
     * Keyword and shape rules over the last user message: code fences or source-like text are
     * {@code code_simple}, "review"/"diff" {@code file_review}, "classify"/"categorize" {@code
     * classify}, "extract" or a JSON schema {@code extract}, "summarize"/long documents {@code
     * doc_process}, "plan" {@code plan}; everything else {@code chat}.
     */
    static TaskClassifier heuristic() {
        return new HeuristicClassifier();
    }

    /** Always {@code kind}: classification switched off. */
    static TaskClassifier fixed(TaskKind kind) {
        return call -> kind;
    }
}
