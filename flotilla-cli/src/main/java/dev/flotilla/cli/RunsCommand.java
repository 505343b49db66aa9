package dev.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.RunRecord;
import dev.flotilla.metering.Cost;
import dev.flotilla.orchestration.ModelCallRecord;
import dev.flotilla.orchestration.RunResult;
import dev.flotilla.orchestration.RunStore;
import dev.flotilla.orchestration.Span;
import dev.flotilla.orchestration.SpanJson;
import dev.flotilla.review.ReportFormat;
import dev.flotilla.review.ReviewJob;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import dev.flotilla.tools.Workspace;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla runs}: list, show and resume orchestrated runs from the ledger. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = "List, show and resume runs recorded in the ledger.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.ResumeRun.class})
final class RunsCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(root.environment().out());
    }

    JdbcLedger open() {
        try {
            return JdbcLedger.open(
                    StoreConfig.fromEnvironment(
                            root.environment().env(), root.environment().flotillaHome()),
                    Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static String money(BigDecimal usd) {
        return Cost.plain(usd.setScale(usd.compareTo(BigDecimal.ONE) < 0 ? 6 : 4, RoundingMode.HALF_UP));
    }

    /** {@code flotilla runs list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = FlotillaCommand.Version.class,
            description = "Every run, newest last: status, calls and cost.")
    static final class ListRuns implements Runnable {
        @ParentCommand
        RunsCommand runs;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = runs.root.environment().out();
            try (JdbcLedger ledger = runs.open()) {
                List<CallRecord> calls = ledger.calls(Instant.EPOCH);
                ArrayNode rows = new ObjectMapper().createArrayNode();
                if (!json) {
                    out.printf("%-14s %-10s %-20s %6s %12s  %s%n", "RUN", "STATUS", "STARTED", "CALLS", "COST", "TASK");
                }
                for (RunRecord run : ledger.runs()) {
                    List<CallRecord> mine = calls.stream()
                            .filter(c -> run.runId().equals(c.runId()))
                            .toList();
                    BigDecimal cost = mine.stream().map(c -> c.cost().usd()).reduce(BigDecimal.ZERO, BigDecimal::add);
                    if (json) {
                        rows.addObject()
                                .put("run_id", run.runId())
                                .put("status", run.status().wireName())
                                .put("started", run.startedAt().toString())
                                .put("calls", mine.size())
                                .put("cost_usd", cost)
                                .put("task", run.description());
                    } else {
                        out.printf(
                                "%-14s %-10s %-20s %6d %12s  %s%n",
                                run.runId(),
                                run.status().wireName(),
                                run.startedAt().toString().substring(0, 19),
                                mine.size(),
                                "$" + money(cost),
                                run.description());
                    }
                }
                if (json) {
                    out.println(Json.write(rows));
                }
            }
        }
    }

    /** {@code flotilla runs show ID}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            versionProvider = FlotillaCommand.Version.class,
            description = "A run's span tree: plan, subtasks, model and tool calls, with models, tokens and cost.")
    static final class ShowRun implements Runnable {
        @ParentCommand
        RunsCommand runs;

        @Parameters(index = "0", paramLabel = "ID", description = "The run id (see 'flotilla runs list').")
        String runId;

        @Option(names = "--json", description = "Print the spans as JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = runs.root.environment().out();
            try (JdbcLedger ledger = runs.open()) {
                RunRecord run = ledger.run(runId)
                        .orElseThrow(() -> new UsageException("unknown run '" + runId + "'; see 'flotilla runs list'"));
                List<Span> spans = ledger.runStore().spans(runId);
                if (json) {
                    ObjectNode body = new ObjectMapper().createObjectNode();
                    body.put("run_id", runId)
                            .put("status", run.status().wireName())
                            .put("task", run.description());
                    ArrayNode list = body.putArray("spans");
                    spans.forEach(s -> list.add(SpanJson.write(s)));
                    out.println(Json.write(body));
                    return;
                }
                out.println("run " + runId + " · " + run.status().wireName() + " · " + run.description());
                BigDecimal total = BigDecimal.ZERO;
                for (Span span : spans) {
                    total = total.add(span.call().map(c -> c.cost().usd()).orElse(BigDecimal.ZERO));
                }
                spans.stream().filter(s -> s.parentId() == null).forEach(s -> print(out, spans, s, ""));
                // A killed process never records the spans that were still open (the run, a subtask),
                // so what ran under them would vanish from the tree while its cost is in the total.
                Set<String> ids = spans.stream().map(Span::id).collect(Collectors.toSet());
                List<Span> orphans = spans.stream()
                        .filter(s -> s.parentId() != null && !ids.contains(s.parentId()))
                        .toList();
                if (!orphans.isEmpty()) {
                    out.println("recorded without their parent span (its process stopped before the parent ended):");
                    orphans.forEach(s -> print(out, spans, s, "  "));
                }
                out.println("total: "
                        + spans.stream().filter(s -> s.call().isPresent()).count() + " model calls, $" + money(total));
            }
        }

        private static void print(PrintWriter out, List<Span> spans, Span span, String indent) {
            StringBuilder line = new StringBuilder(indent)
                    .append(span.kind().wireName())
                    .append(' ')
                    .append(span.name());
            span.call().ifPresent(c -> line.append(describe(c)));
            line.append(" [")
                    .append(span.status().wireName())
                    .append(", ")
                    .append(span.duration().toMillis())
                    .append(" ms]");
            if (span.error() != null) {
                line.append(" ")
                        .append(span.error().length() > 100 ? span.error().substring(0, 99) + "…" : span.error());
            }
            out.println(line);
            spans.stream()
                    .filter(s -> span.id().equals(s.parentId()))
                    .forEach(s -> print(out, spans, s, indent + "  "));
        }

        private static String describe(ModelCallRecord c) {
            return (c.requestedModel().equals(c.servedModel()) ? "" : " (asked " + c.requestedModel() + ")") + " "
                    + c.usage().inputTokens() + " in (" + c.usage().cachedInputTokens() + " cached) / "
                    + c.usage().outputTokens() + " out, $" + money(c.cost().usd())
                    + (c.estimated() ? " estimated" : "");
        }
    }

    /** {@code flotilla runs resume ID}. */
    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            versionProvider = FlotillaCommand.Version.class,
            description =
                    "Re-run only what a run did not finish (checkpointed subtasks are not paid for twice), under the"
                            + " budget, policy and caps it was started with.")
    static final class ResumeRun implements Runnable {
        @ParentCommand
        RunsCommand runs;

        @Parameters(index = "0", paramLabel = "ID", description = "The run id.")
        String runId;

        @Option(names = "--simulate", description = "Use the simulator even when an API key is set.")
        boolean simulate;

        @Option(names = "--format", paramLabel = "md|sarif|json", defaultValue = "md", description = "Report format.")
        String format;

        @Override
        public void run() {
            FlotillaCommand root = runs.root;
            ReportFormat reportFormat;
            try {
                reportFormat = ReportFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--format: " + e.getMessage());
            }
            RunStore.StoredRun stored;
            try (JdbcLedger ledger = runs.open()) {
                stored = ledger.runStore()
                        .load(runId)
                        .orElseThrow(() -> new UsageException("unknown run '" + runId + "'; see 'flotilla runs list'"));
            }
            if ("ok".equals(stored.status())) {
                throw new UsageException(
                        "run " + runId + " already finished; 'flotilla runs show " + runId + "' shows it");
            }
            JsonNode job;
            try {
                job = new ObjectMapper().readTree(Objects.requireNonNullElse(stored.job(), "{}"));
            } catch (Exception e) {
                throw new UsageException("run " + runId + " has an unreadable job: " + e.getMessage());
            }
            if (!"review".equals(job.path("job").asText())) {
                throw new UsageException("run " + runId + " cannot be resumed from the command line (it was not started"
                        + " by 'flotilla review'); accepted: runs of 'flotilla review'");
            }
            Path path = Path.of(job.path("path").asText());
            if (!Files.isDirectory(path)) {
                throw new UsageException("run " + runId + " reviewed " + path + ", which is no longer a directory");
            }
            // The rest runs under the options the run was started with (runs saved before these were
            // kept: no budget, the default policy, and the widest caps).
            int concurrency = job.path("concurrency").asInt(8);
            int maxSubtasks = job.path("max_subtasks").asInt(CliRuntime.MAX_SUBTASKS);
            String policy = job.hasNonNull("policy") ? job.get("policy").asText() : null;
            BigDecimal budget;
            try {
                budget = job.hasNonNull("budget_usd")
                        ? new BigDecimal(job.get("budget_usd").asText())
                        : null;
            } catch (NumberFormatException e) {
                throw new UsageException("run " + runId + " has an unreadable budget '"
                        + job.get("budget_usd").asText() + "'; accepted: a decimal amount of USD");
            }
            if (concurrency < 1 || concurrency > 256 || maxSubtasks < 1 || maxSubtasks > CliRuntime.MAX_SUBTASKS) {
                throw new UsageException("run " + runId + " was saved with concurrency " + concurrency
                        + " and max-subtasks " + maxSubtasks + "; accepted: 1 to 256 and 1 to "
                        + CliRuntime.MAX_SUBTASKS);
            }
            ProgressDisplay progress =
                    new ProgressDisplay(root.environment().err(), ProgressDisplay.modeFor(false, root.environment()));
            try (CliRuntime runtime =
                    new CliRuntime(root, simulate, policy, concurrency, maxSubtasks, budget, progress)) {
                ReviewJob review = new ReviewJob(Workspace.of(path), path.toString(), new ObjectMapper());
                RunResult result = runtime.orchestrator().resume(runId, review.task(review.files()));
                progress.finish();
                root.environment()
                        .out()
                        .print(reportFormat.render(
                                review.report(result, runtime.simulated()), ReviewCommand.version()));
            }
        }
    }
}
