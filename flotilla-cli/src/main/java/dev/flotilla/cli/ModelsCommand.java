package dev.flotilla.cli;

import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.metering.Cost;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla models}: the catalog as a table or JSON. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = "List the catalog's models: prices per 1M tokens, context window, capabilities, quota weight.")
final class ModelsCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public void run() {
        Catalog catalog = root.catalog();
        PrintWriter out = root.environment().out();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ModelSpec m : catalog.models()) {
                rows.add(toJson(m));
            }
            out.println(Json.write(rows));
            return;
        }
        String format = "%-14s %-9s %8s %8s %8s %10s %10s %6s  %s%n";
        out.printf(format, "MODEL", "TIER", "INPUT", "CACHED", "OUTPUT", "CONTEXT", "MAX OUT", "QUOTA", "CAPABILITIES");
        boolean anyAssumed = false;
        for (ModelSpec m : catalog.models()) {
            boolean cachedAssumed = m.assumed().contains("prices.cachedInput");
            anyAssumed |= cachedAssumed || m.assumed().contains("quotaWeight");
            out.printf(
                    format,
                    m.id(),
                    m.tier().wireName() + (m.autoRoute() ? "" : "*"),
                    "$" + Cost.plain(m.prices().inputPerMillion()),
                    "$" + Cost.plain(m.prices().cachedInputPerMillion()) + (cachedAssumed ? "~" : ""),
                    "$" + Cost.plain(m.prices().outputPerMillion()),
                    String.format("%,d", m.contextWindow()),
                    String.format("%,d", m.maxOutputTokens()),
                    Cost.plain(m.quotaWeight()) + (m.assumed().contains("quotaWeight") ? "~" : ""),
                    capabilities(m));
        }
        out.println();
        out.println("Prices in USD per 1M tokens. Catalog: " + String.join(" + ", catalog.sources()) + ".");
        if (anyAssumed) {
            out.println("~ an assumed value (see the catalog file's 'assumed' lists); correct it in your catalog.");
        }
        if (catalog.models().stream().anyMatch(m -> !m.autoRoute())) {
            out.println("* never picked by automatic routing; usable by id.");
        }
    }

    private static String capabilities(ModelSpec m) {
        List<String> names = new ArrayList<>();
        for (Modality modality : m.inputModalities()) {
            if (modality != Modality.TEXT) {
                names.add(modality.wireName() + "-input");
            }
        }
        for (Capability capability : Capability.values()) {
            if (m.capabilities().contains(capability)) {
                names.add(capability.wireName());
            }
        }
        return String.join(",", names);
    }

    private static Map<String, Object> toJson(ModelSpec m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id());
        row.put("tier", m.tier().wireName());
        row.put("auto_route", m.autoRoute());
        row.put("input_per_million_usd", m.prices().inputPerMillion());
        row.put("cached_input_per_million_usd", m.prices().cachedInputPerMillion());
        row.put("output_per_million_usd", m.prices().outputPerMillion());
        m.prices()
                .longContextTier()
                .ifPresent(lc -> row.put(
                        "long_context",
                        Map.of(
                                "above_input_tokens", lc.aboveInputTokens(),
                                "input_multiplier", lc.inputMultiplier(),
                                "output_multiplier", lc.outputMultiplier())));
        row.put("tool_fees_usd", new TreeMap<>(m.prices().toolFees()));
        row.put("context_window", m.contextWindow());
        row.put("max_output_tokens", m.maxOutputTokens());
        row.put(
                "input_modalities",
                m.inputModalities().stream().map(Modality::wireName).sorted().toList());
        row.put(
                "capabilities",
                m.capabilities().stream().map(Capability::wireName).sorted().toList());
        row.put("quota_weight", m.quotaWeight());
        row.put("quality", new TreeMap<>(m.quality()));
        row.put("assumed", m.assumed().stream().sorted().toList());
        return row;
    }
}
