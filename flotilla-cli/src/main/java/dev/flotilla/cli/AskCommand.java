package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.review.AskJob;
import dev.flotilla.tools.Workspace;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla ask "QUESTION" --repo PATH}: an answer with file:line citations. */
@Command(
        name = "ask",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Answer a question about a repository: the flagship plans retrieval, mini and nano sub-agents search"
                    + " with read-only tools, the flagship answers with file:line citations.",
            "Live when OPENAI_API_KEY is set; simulated otherwise (the answer then says so in its first line)."
        })
final class AskCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, in quotes.")
    String question;

    @Option(names = "--repo", paramLabel = "PATH", defaultValue = ".", description = "The repository (default: .).")
    Path repo;

    @Option(
            names = "--format",
            paramLabel = "md|json",
            defaultValue = "md",
            description = "Output format (default: md).")
    String format;

    @Option(names = "--budget", paramLabel = "USD", description = "Most the run may spend.")
    @Nullable
    BigDecimal budget;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "Sub-agents in flight (default: 8).")
    int concurrency;

    @Option(names = "--policy", paramLabel = "NAME", description = "Routing policy (default: balanced).")
    @Nullable
    String policy;

    @Option(names = "--simulate", description = "Use the built-in simulator even when an API key is set.")
    boolean simulate;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Override
    public void run() {
        if (!format.equals("md") && !format.equals("json")) {
            throw new UsageException("--format: unknown format '" + format + "'; accepted: md, json");
        }
        if (question.isBlank()) {
            throw new UsageException(
                    "QUESTION is empty; ask something, e.g. flotilla ask \"where are budgets enforced?\"");
        }
        if (!Files.isDirectory(repo)) {
            throw new UsageException("--repo '" + repo + "' is not a directory; give the repository to search");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new UsageException("--concurrency must be 1 to 256, got " + concurrency);
        }
        CliEnvironment environment = root.environment();
        ProgressDisplay progress = new ProgressDisplay(environment.err(), ProgressDisplay.modeFor(quiet, environment));
        try (CliRuntime runtime = new CliRuntime(root, simulate, policy, concurrency, 20, budget, progress)) {
            AskJob job = new AskJob(Workspace.of(repo), repo.toString(), new ObjectMapper());
            AskJob.Answer answer;
            try {
                answer = job.run(runtime.orchestrator(), question, runtime.simulated());
            } finally {
                progress.finish();
            }
            environment
                    .out()
                    .print(format.equals("json") ? Json.write(AskJob.json(answer)) + "\n" : AskJob.markdown(answer));
        }
    }
}
