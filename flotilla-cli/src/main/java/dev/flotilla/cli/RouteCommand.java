package dev.flotilla.cli;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Modality;
import dev.flotilla.routing.Policies;
import dev.flotilla.routing.PolicyException;
import dev.flotilla.routing.Rejection;
import dev.flotilla.routing.Requirements;
import dev.flotilla.routing.RouteDecision;
import dev.flotilla.routing.RouteRequest;
import dev.flotilla.routing.Router;
import dev.flotilla.routing.TaskKind;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla route}: which model a call would go to, and why not the others. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Show which model a call of KIND goes to under a routing policy, and why every other model",
            "was rejected. Ignores live rate limits (the runtime adds them)."
        })
final class RouteCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Option(
            names = "--kind",
            required = true,
            paramLabel = "KIND",
            description = "plan, judge, code_search, file_review, doc_process, classify, extract, code_simple, chat.")
    String kind;

    @Option(names = "--input-tokens", paramLabel = "N", description = "Estimated input tokens (default: 1000).")
    long inputTokens = 1_000;

    @Option(names = "--max-output", paramLabel = "N", description = "Max output tokens (default: 1000).")
    long maxOutput = 1_000;

    @Option(
            names = "--needs",
            paramLabel = "CAP",
            split = ",",
            description = "Capabilities the model must have, e.g. tools,structured_output.")
    List<String> needs = new ArrayList<>();

    @Option(
            names = "--inputs",
            paramLabel = "MODALITY",
            split = ",",
            description = "Input modalities the call carries besides text, e.g. image.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--latency-budget-ms", paramLabel = "MS", description = "Latency budget of the whole call.")
    @Nullable
    Long latencyBudgetMs;

    @Option(names = "--price-cap", paramLabel = "USD", description = "Most the call may be expected to cost.")
    @Nullable
    BigDecimal priceCap;

    @Option(names = "--policy", paramLabel = "NAME", description = "Routing policy (default: the config's default).")
    @Nullable
    String policy;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A config YAML whose routing: section adds or overrides policies"
                    + " (default: $FLOTILLA_HOME/config.yaml when it exists).")
    @Nullable
    Path configFile;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public void run() {
        TaskKind taskKind = parse(() -> TaskKind.parse(kind));
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (String need : needs) {
            capabilities.add(parse(() -> Capability.parse(need.trim())));
        }
        Set<Modality> modalities = EnumSet.noneOf(Modality.class);
        for (String input : inputs) {
            modalities.add(parse(() -> Modality.parse(input.trim())));
        }
        if (inputTokens < 0) {
            throw new UsageException("--input-tokens must be a whole number >= 0, got " + inputTokens);
        }
        if (maxOutput <= 0) {
            throw new UsageException("--max-output must be a whole number > 0, got " + maxOutput);
        }
        if (latencyBudgetMs != null && latencyBudgetMs <= 0) {
            throw new UsageException("--latency-budget-ms must be > 0, got " + latencyBudgetMs);
        }
        if (priceCap != null && priceCap.signum() < 0) {
            throw new UsageException("--price-cap must be >= 0, got " + priceCap.toPlainString());
        }
        Requirements requirements = new Requirements(
                modalities,
                capabilities,
                inputTokens,
                maxOutput,
                latencyBudgetMs == null ? null : Duration.ofMillis(latencyBudgetMs),
                priceCap);
        RouteDecision decision;
        String policyName;
        try {
            Policies policies = Policies.resolve(configFile, root.environment().flotillaHome());
            policyName = policy == null
                    ? policies.defaultPolicy().name()
                    : policies.require(policy).name();
            Router router = new Router(root.catalog(), policies);
            decision = router.route(RouteRequest.of(taskKind, requirements).withPolicy(policyName));
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = root.environment().out();
        if (json) {
            out.println(Json.write(toJson(decision, taskKind, policyName)));
        } else {
            print(out, decision);
        }
        if (decision instanceof RouteDecision.Unroutable) {
            throw new RoutingFailed(decision.reason());
        }
    }

    /** No model can take the call: exit 1 after the decision is printed. */
    static final class RoutingFailed extends dev.flotilla.FlotillaException {
        private static final long serialVersionUID = 1L;

        RoutingFailed(String message) {
            super(message);
        }
    }

    private static void print(PrintWriter out, RouteDecision decision) {
        List<Rejection> rejected;
        switch (decision) {
            case RouteDecision.Selected s -> {
                out.printf(
                        "%s  expected $%s, ~%,d ms%n",
                        s.model().id(), s.expectedCost().usdPlain(), s.expectedMillis());
                out.println("  why: " + s.reason());
                rejected = s.rejected();
            }
            case RouteDecision.Unroutable u -> {
                out.println("unroutable: no model can take this call");
                rejected = u.rejected();
            }
            case RouteDecision.Wait w -> {
                out.println(w.model().id() + "  wait until " + w.until());
                out.println("  why: " + w.reason());
                rejected = List.of();
            }
        }
        if (!rejected.isEmpty()) {
            out.println("  rejected:");
            int width =
                    rejected.stream().mapToInt(r -> r.model().length()).max().orElse(0);
            for (Rejection r : rejected) {
                out.printf("    %-" + width + "s  %s%n", r.model(), r.reason());
            }
        }
    }

    private static Map<String, Object> toJson(RouteDecision decision, TaskKind kind, String policy) {
        Map<String, Object> row = new LinkedHashMap<>();
        List<Rejection> rejected = List.of();
        switch (decision) {
            case RouteDecision.Selected s -> {
                row.put("model", s.model().id());
                row.put("tier", s.model().tier().wireName());
                row.put("reason", s.reason());
                BigDecimal usd = s.expectedCost().usd();
                row.put("expected_cost_usd", usd.signum() == 0 ? BigDecimal.ZERO : usd.stripTrailingZeros());
                row.put("expected_latency_ms", s.expectedMillis());
                rejected = s.rejected();
            }
            case RouteDecision.Unroutable u -> {
                row.put("model", null);
                row.put("reason", u.reason());
                rejected = u.rejected();
            }
            case RouteDecision.Wait w -> {
                row.put("model", w.model().id());
                row.put("reason", w.reason());
                row.put("wait_until", w.until().toString());
            }
        }
        row.put("kind", kind.wireName());
        row.put("policy", policy);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Rejection r : rejected) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("model", r.model());
            item.put("reason", r.reason());
            list.add(item);
        }
        row.put("rejected", list);
        return row;
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
