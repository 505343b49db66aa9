package dev.flotilla.orchestration.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.orchestration.CallRequest;
import dev.flotilla.orchestration.ModelCaller;
import dev.flotilla.orchestration.RunLimits;
import dev.flotilla.orchestration.RunListener;
import dev.flotilla.orchestration.RunStore;
import dev.flotilla.orchestration.Task;
import dev.flotilla.orchestration.Trace;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.ModelResult;
import dev.flotilla.provider.ResponseSchema;
import dev.flotilla.provider.ToolChoice;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.routing.TaskKind;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Everything one run's parts share: the task, the trace, the caller, the caps, and the semaphore
 * that bounds how many sub-agents run at once (delegated ones included).
 */
public record RunContext(
        String runId,
        Task task,
        Trace trace,
        ModelCaller caller,
        RunStore store,
        RunLimits limits,
        Catalog catalog,
        ObjectMapper mapper,
        RunListener listener,
        TokenCounter tokens,
        Semaphore inFlight) {

    /** The model id a call carries when the router is to choose. */
    public static final String AUTO = "auto";

    public RunContext(
            String runId,
            Task task,
            Trace trace,
            ModelCaller caller,
            RunStore store,
            RunLimits limits,
            Catalog catalog,
            ObjectMapper mapper,
            RunListener listener,
            TokenCounter tokens) {
        this(
                runId,
                task,
                trace,
                caller,
                store,
                limits,
                catalog,
                mapper,
                listener,
                tokens,
                new Semaphore(limits.concurrency(), true));
    }

    /** A fresh call id: unique per attempt, so a resumed run never reuses one. */
    public String newCallId() {
        return runId + "/" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Makes one logical model call for this run, recorded under {@code parentSpanId}. */
    public ModelResult call(
            List<Message> messages,
            List<ToolSpec> tools,
            @Nullable ResponseSchema schema,
            long maxOutputTokens,
            TaskKind kind,
            @Nullable String modelHint,
            String parentSpanId) {
        ModelCall call = new ModelCall(
                newCallId(),
                modelHint != null ? modelHint : AUTO,
                messages,
                tools,
                ToolChoice.AUTO,
                schema,
                maxOutputTokens,
                null,
                kind,
                null);
        return caller.call(new CallRequest(call, modelHint, trace, parentSpanId));
    }
}
