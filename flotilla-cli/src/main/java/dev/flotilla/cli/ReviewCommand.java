package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import dev.flotilla.orchestration.CostedPlan;
import dev.flotilla.orchestration.RunFailedException;
import dev.flotilla.review.ReportFormat;
import dev.flotilla.review.ReviewJob;
import dev.flotilla.review.ReviewReport;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.tools.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla review PATH}: a flagship-led review of a code repository. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Review a code repository: nano classifies the files, the flagship plans, mini sub-agents review"
                    + " files and chunks in parallel with read-only tools, the flagship judges.",
            "Live when OPENAI_API_KEY is set; simulated otherwise (the report then says so in its first line)."
        })
final class ReviewCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Parameters(
            index = "0",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "The repository to review (default: .).")
    Path path;

    @Option(
            names = "--format",
            paramLabel = "md|sarif|json",
            defaultValue = "md",
            description = "Report format (default: md).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    @Nullable
    Path out;

    @Option(
            names = "--budget",
            paramLabel = "USD",
            description = "Most the run may spend; a plan estimated above it is refused.")
    @Nullable
    BigDecimal budget;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "Sub-agents in flight at once (default: 8).")
    int concurrency;

    @Option(
            names = "--max-subtasks",
            paramLabel = "N",
            defaultValue = "40",
            description =
                    "Most review subtasks (files or chunks) the plan may hold; the largest files come first (default: 40).")
    int maxSubtasks;

    @Option(names = "--policy", paramLabel = "NAME", description = "Routing policy (default: balanced).")
    @Nullable
    String policy;

    @Option(names = "--simulate", description = "Use the built-in simulator even when an API key is set.")
    boolean simulate;

    @Option(names = "--dry-run", description = "Print the costed plan and the estimate; call no model.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Override
    public void run() {
        ReportFormat reportFormat;
        try {
            reportFormat = ReportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new UsageException("--concurrency must be 1 to 256, got " + concurrency);
        }
        if (maxSubtasks < 1 || maxSubtasks > CliRuntime.MAX_SUBTASKS) {
            throw new UsageException("--max-subtasks must be 1 to " + CliRuntime.MAX_SUBTASKS + ", got " + maxSubtasks);
        }
        if (budget != null && budget.signum() <= 0) {
            throw new UsageException("--budget must be a positive amount of USD, got " + budget.toPlainString());
        }
        if (!Files.isDirectory(path)) {
            throw new UsageException("PATH '" + path + "' is not a directory; give the repository to review");
        }
        CliEnvironment environment = root.environment();
        ProgressDisplay progress =
                new ProgressDisplay(environment.err(), ProgressDisplay.modeFor(quiet || dryRun, environment));
        try (CliRuntime runtime = new CliRuntime(root, simulate, policy, concurrency, maxSubtasks, budget, progress)) {
            ReviewJob job = new ReviewJob(Workspace.of(path), path.toString(), new ObjectMapper());
            List<ReviewJob.RepoFile> files = job.files();
            if (dryRun) {
                printDryRun(job, files, runtime);
                return;
            }
            if (!quiet) {
                environment
                        .err()
                        .println("flotilla: reviewing " + files.size() + " files in " + path + " ("
                                + (runtime.simulated() ? "simulated models" : "live models") + ")");
            }
            ReviewReport report;
            try {
                report = job.run(
                        runtime.orchestrator(),
                        runtime.simulated(),
                        jobJson(path, budget, policy, concurrency, maxSubtasks),
                        files);
            } finally {
                progress.finish();
            }
            String text = reportFormat.render(report, version());
            if (out != null) {
                Files.writeString(out, text);
                environment
                        .err()
                        .println("flotilla: wrote the " + format + " report to " + out + " (run " + report.runId()
                                + ")");
            } else {
                environment.out().print(text);
            }
        } catch (RunFailedException e) {
            throw e;
        } catch (IOException e) {
            throw new UsageException("cannot write " + out + ": " + e.getMessage());
        }
    }

    /**
     * The job saved with a review run: what {@code flotilla runs resume} needs to rebuild the task
     * and to run the rest under the same budget, policy and caps.
     */
    static String jobJson(
            Path path, @Nullable BigDecimal budget, @Nullable String policy, int concurrency, int maxSubtasks) {
        ObjectNode job = new ObjectMapper()
                .createObjectNode()
                .put("job", "review")
                .put("path", path.toAbsolutePath().normalize().toString())
                .put("concurrency", concurrency)
                .put("max_subtasks", maxSubtasks);
        if (budget != null) {
            job.put("budget_usd", budget.toPlainString()); // text: exact
        }
        if (policy != null) {
            job.put("policy", policy);
        }
        return job.toString();
    }

    private void printDryRun(ReviewJob job, List<ReviewJob.RepoFile> files, CliRuntime runtime) {
        PrintWriter w = root.environment().out();
        CostedPlan costed = job.estimate(runtime.orchestrator(), files);
        ModelSpec nano = root.catalog()
                .forTier(dev.flotilla.catalog.Tier.NANO)
                .orElse(root.catalog().flagship());
        long classifyInput =
                files.size() * 20L + 200L * ((files.size() + ReviewJob.CLASSIFY_BATCH - 1) / ReviewJob.CLASSIFY_BATCH);
        Cost classify = Pricing.cost(nano, Usage.of(classifyInput, files.size() * 25L));
        ModelSpec flagship = root.catalog().flagship();
        Cost planning = Pricing.cost(
                flagship, Usage.of(files.size() * 45L + 1_500, costed.items().size() * 120L + 200));
        w.println((runtime.simulated()
                        ? "Dry run (no model called; a real run would be simulated)"
                        : "Dry run (no model called)")
                + ": review of " + path + ", " + files.size() + " files, "
                + costed.items().size() + " review subtasks");
        w.printf("%-8s %-13s %-13s %12s %12s  %s%n", "SUBTASK", "KIND", "MODEL", "EST. INPUT", "EST. COST", "INPUT");
        w.printf(
                "%-8s %-13s %-13s %12s %12s  %s%n",
                "classify",
                TaskKind.CLASSIFY.wireName(),
                nano.id(),
                String.format("%,d", classifyInput),
                "$" + money(classify.usd()),
                files.size() + " files");
        w.printf(
                "%-8s %-13s %-13s %12s %12s  %s%n",
                "plan", TaskKind.PLAN.wireName(), flagship.id(), "", "$" + money(planning.usd()), "");
        var byId = new java.util.HashMap<String, String>();
        job.draftPlan(files).subtasks().forEach(s -> byId.put(s.id(), String.join(", ", s.inputs())));
        for (CostedPlan.Item item : costed.items()) {
            w.printf(
                    "%-8s %-13s %-13s %12s %12s  %s%n",
                    item.subtaskId(),
                    TaskKind.FILE_REVIEW.wireName(),
                    item.model(),
                    String.format("%,d", item.inputTokens()),
                    "$" + money(item.cost().usd()),
                    byId.getOrDefault(item.subtaskId(), ""));
        }
        CostedPlan.Item judge = costed.judge();
        w.printf(
                "%-8s %-13s %-13s %12s %12s%n",
                "judge",
                TaskKind.JUDGE.wireName(),
                judge.model(),
                String.format("%,d", judge.inputTokens()),
                "$" + money(judge.cost().usd()));
        Cost total = costed.total().plus(classify).plus(planning);
        Usage all = Usage.of(
                costed.items().stream().mapToLong(CostedPlan.Item::inputTokens).sum()
                        + judge.inputTokens()
                        + classifyInput,
                costed.items().stream().mapToLong(CostedPlan.Item::outputTokens).sum() + judge.outputTokens());
        w.println();
        w.println("Estimated total: $" + money(total.usd()) + " (the same tokens on " + flagship.id() + " alone: $"
                + money(Pricing.cost(flagship, all).usd()) + "). Assumes " + CostedPlan.TURNS_PER_SUBTASK
                + " model calls per subtask; the flagship's own plan may differ.");
        if (budget != null && total.usd().compareTo(budget) > 0) {
            w.println("Above the budget of $" + budget.toPlainString()
                    + ": a real run would be refused before any subtask.");
        }
    }

    private static String money(BigDecimal usd) {
        return RunsCommand.money(usd);
    }

    static String version() {
        return FlotillaCommand.Version.number();
    }
}
