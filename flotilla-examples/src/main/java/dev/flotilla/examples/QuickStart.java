package dev.flotilla.examples;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.metering.TokenCounter;
import dev.flotilla.openai.OpenAiProvider;
import dev.flotilla.orchestration.AgentTools;
import dev.flotilla.orchestration.ModelCallRecord;
import dev.flotilla.orchestration.Orchestrator;
import dev.flotilla.orchestration.RunLimits;
import dev.flotilla.orchestration.RunResult;
import dev.flotilla.orchestration.RunSummary;
import dev.flotilla.orchestration.Span;
import dev.flotilla.orchestration.Task;
import dev.flotilla.orchestration.Trace;
import dev.flotilla.provider.ModelProvider;
import dev.flotilla.sim.SimulatedProvider;
import dev.flotilla.sim.Simulator;
import dev.flotilla.tools.Toolbox;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Java API in one program: a builder assembles an orchestrator from a catalog, a provider, a
 * routing policy and a budget; a task brings its tools; {@code run(task)} returns the answer, the
 * trace and the cost summary. Runs on the simulator (no key, no cost); with {@code --openai} it
 * calls OpenAI with the key in {@code OPENAI_API_KEY} instead.
 */
public final class QuickStart {
    private QuickStart() {}

    /** Runs the example: {@code --openai} calls the real API (paid), otherwise the simulator answers. */
    public static void main(String[] args) {
        run(List.of(args).contains("--openai"), System.out);
    }

    /** Runs the example, printing the answer, the trace tree and the cost summary to {@code out}. */
    public static RunResult run(boolean openai, PrintStream out) {
        Catalog catalog = Catalog.bundled(); // models, prices, rate limits (or Catalog.load(file))
        TokenCounter tokens = TokenCounter.o200k();
        ModelProvider provider = openai
                ? OpenAiProvider.builder(catalog).tokenCounter(tokens).build() // reads OPENAI_API_KEY
                : new SimulatedProvider(Simulator.builder(catalog)
                        .tokenCounter(tokens)
                        .speed(10) // ten times faster than the models' latency profiles
                        .responder(new ScriptedModels()) // plays the models' part for this task
                        .build());

        Orchestrator orchestrator = Orchestrator.builder()
                .catalog(catalog)
                .provider(provider) // behind it: router, rate limits, escrow budget, meter, ledger
                .tokenCounter(tokens)
                .policy("balanced") // the flagship plans and judges, mini and nano do the work
                .budgetUsd(new BigDecimal("1.00")) // the run's budget, enforced on every call
                .limits(RunLimits.DEFAULTS.withConcurrency(4).withMaxSubtasks(10))
                .build();

        Task task = new Task(
                "Which of the SKUs A-100, B-200 and C-300 is the cheapest per unit?",
                "", // context for the planner only
                "", // guidance for planner and judge
                Map.of(), // named output schemas subtasks may promise
                null, // the answer's JSON Schema, or null for text
                AgentTools.of(Toolbox.of("shop", List.of(new PriceLookup()))),
                List.of()); // subtasks to run before planning

        RunResult result = orchestrator.run(task);

        out.println("Answer: " + result.answer());
        out.println();
        out.println("Trace:");
        printTree(result.trace(), null, "  ", out);
        out.println();
        printSummary(result.summary(), out);
        return result;
    }

    /** Prints the spans under {@code parentId}, one line each, children indented. */
    static void printTree(Trace trace, @Nullable String parentId, String indent, PrintStream out) {
        for (Span span : trace.children(parentId)) {
            StringBuilder line = new StringBuilder(indent).append(span.kind().wireName());
            if (!span.name().equals(span.kind().wireName())) {
                line.append(' ').append(span.name());
            }
            line.append(": ")
                    .append(span.status().wireName())
                    .append(", ")
                    .append(span.duration().toMillis())
                    .append(" ms");
            span.call().ifPresent(call -> line.append(", ").append(describe(call)));
            out.println(line);
            printTree(trace, span.id(), indent + "  ", out);
        }
    }

    private static String describe(ModelCallRecord call) {
        String asked =
                call.requestedModel().equals(call.servedModel()) ? "" : " (asked for " + call.requestedModel() + ")";
        return call.usage().inputTokens() + " in / " + call.usage().outputTokens() + " out tokens, $"
                + call.cost().usdPlain() + asked;
    }

    /** Prints calls, tokens and cost per model, the total, and the flagship-only comparison. */
    static void printSummary(RunSummary summary, PrintStream out) {
        out.println("Cost:");
        summary.byModel()
                .forEach((model, totals) -> out.println("  " + model + ": " + totals.calls() + " calls, "
                        + totals.usage().inputTokens() + " in / "
                        + totals.usage().outputTokens() + " out, $"
                        + totals.cost().usdPlain()));
        out.println("  total: $" + summary.total().usdPlain() + " in " + summary.calls() + " calls, "
                + summary.wall().toMillis() + " ms (the flagship alone: $"
                + summary.flagshipOnly().usdPlain() + ")");
    }
}
