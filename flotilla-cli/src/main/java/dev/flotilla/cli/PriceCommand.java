package dev.flotilla.cli;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.PriceBreakdown;
import dev.flotilla.metering.Pricing;
import dev.flotilla.metering.Usage;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla price}: the cost of one call, term by term. */
@Command(
        name = "price",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = "Price one call of MODEL in USD and quota units, showing each term.")
final class PriceCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model id from 'flotilla models'.")
    String model;

    @Option(names = "--input", required = true, paramLabel = "N", description = "Input tokens, cached ones included.")
    long input;

    @Option(names = "--cached", paramLabel = "N", description = "Of the input, tokens served from the prompt cache.")
    long cached;

    @Option(names = "--output", paramLabel = "N", description = "Output tokens, reasoning included.")
    long output;

    @Option(
            names = "--tool",
            paramLabel = "NAME=CALLS",
            description = "Hosted tool calls charged per call, e.g. --tool web_search=2 (repeatable).")
    Map<String, Long> toolCalls = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public void run() {
        requireCount("--input", input);
        requireCount("--cached", cached);
        requireCount("--output", output);
        toolCalls.forEach((tool, calls) -> requireCount("--tool " + tool, calls));
        if (cached > input) {
            throw new UsageException(
                    "--cached " + cached + " must not exceed --input " + input + " (cached tokens are part of input)");
        }
        ModelSpec spec = root.catalog().require(model);
        PriceBreakdown price = Pricing.breakdown(spec, new Usage(input, cached, output, 0), toolCalls);
        PrintWriter out = root.environment().out();
        if (json) {
            out.println(Json.write(toJson(price)));
            return;
        }
        out.printf(
                "%s%s%n",
                spec.id(),
                price.longContext()
                        ? " (long-context tier: input over "
                                + String.format(
                                        "%,d",
                                        spec.prices()
                                                .longContextTier()
                                                .orElseThrow()
                                                .aboveInputTokens())
                                + " tokens)"
                        : "");
        line(out, "uncached input", input - cached, price.inputPerMillion(), price.uncachedInputUsd());
        line(out, "cached input", cached, price.cachedInputPerMillion(), price.cachedInputUsd());
        line(out, "output", output, price.outputPerMillion(), price.outputUsd());
        if (price.toolCalls() > 0) {
            out.printf(
                    "  %-15s %,12d calls %25s%n",
                    "tool fees", price.toolCalls(), "$" + Cost.plain(price.toolFeesUsd()));
        }
        out.printf("  %-15s %51s%n", "total", "$" + price.cost().usdPlain());
        out.printf("  %-15s %51s%n", "quota units", Cost.plain(price.cost().quotaUnits()));
    }

    private static void line(PrintWriter out, String label, long tokens, BigDecimal perMillion, BigDecimal usd) {
        out.printf(
                "  %-15s %,12d tokens x $%-10s /1M = %14s%n",
                label, tokens, Cost.plain(perMillion), "$" + Cost.plain(usd));
    }

    private static void requireCount(String option, long value) {
        if (value < 0) {
            throw new UsageException(option + " must be a whole number >= 0, got " + value);
        }
    }

    private static Map<String, Object> toJson(PriceBreakdown price) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", price.modelId());
        row.put("input_tokens", price.usage().inputTokens());
        row.put("cached_tokens", price.usage().cachedInputTokens());
        row.put("output_tokens", price.usage().outputTokens());
        row.put("long_context", price.longContext());
        row.put("input_per_million_usd", exact(price.inputPerMillion()));
        row.put("cached_input_per_million_usd", exact(price.cachedInputPerMillion()));
        row.put("output_per_million_usd", exact(price.outputPerMillion()));
        row.put("uncached_input_usd", exact(price.uncachedInputUsd()));
        row.put("cached_input_usd", exact(price.cachedInputUsd()));
        row.put("output_usd", exact(price.outputUsd()));
        row.put("tool_fees_usd", exact(price.toolFeesUsd()));
        row.put("cost_usd", exact(price.cost().usd()));
        row.put("quota_units", exact(price.cost().quotaUnits()));
        return row;
    }

    private static BigDecimal exact(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
