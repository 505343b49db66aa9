package dev.flotilla.cli;

import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.SpendGrouping;
import dev.flotilla.ledger.SpendTotals;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Pricing;
import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla spend}: what the ledger's calls cost, grouped, beside the flagship-only cost. */
@Command(
        name = "spend",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Totals of the calls in the ledger: calls, tokens (cached included), cost, and what the same",
            "tokens would have cost on the flagship alone. The ledger is $FLOTILLA_HOME/flotilla.db,",
            "or the PostgreSQL database at $FLOTILLA_DB_URL."
        })
final class SpendCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Option(
            names = "--by",
            paramLabel = "GROUP",
            description = "Group by model, day, run or kind (default: ${DEFAULT-VALUE}).")
    String by = "model";

    @Option(
            names = "--since",
            paramLabel = "DATE",
            description = "Only calls started on or after this UTC day (YYYY-MM-DD).")
    @Nullable
    String since;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public void run() {
        SpendGrouping grouping;
        try {
            grouping = SpendGrouping.parse(by);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--by '" + by + "' is not accepted; accepted: " + SpendGrouping.accepted());
        }
        Instant from = Instant.EPOCH;
        if (since != null) {
            try {
                from = LocalDate.parse(since).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new UsageException(
                        "--since '" + since + "' is not a date; accepted: a UTC day as YYYY-MM-DD, e.g. 2026-03-01");
            }
        }
        StoreConfig config;
        try {
            config = StoreConfig.fromEnvironment(
                    root.environment().env(), root.environment().flotillaHome());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<CallRecord> calls = readCalls(config, from);
        ModelSpec flagship = root.catalog().flagship();
        SpendTotals.Report report = SpendTotals.of(calls, grouping, usage -> Pricing.cost(flagship, usage));
        PrintWriter out = root.environment().out();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("by", grouping.wireName());
            body.put("since", since);
            body.put("ledger", config.describe());
            body.put("flagship", flagship.id());
            List<Map<String, Object>> rows = new ArrayList<>();
            report.rows().forEach(row -> rows.add(toJson(row)));
            body.put("rows", rows);
            body.put("total", toJson(report.total()));
            out.println(Json.write(body));
            return;
        }
        out.printf(
                "Spend by %s%s (ledger: %s)%n",
                grouping.wireName(), since == null ? "" : " since " + since, config.describe());
        if (calls.isEmpty()) {
            out.println("No calls recorded" + (since == null ? "." : " since " + since + "."));
            return;
        }
        String flagshipHeader = "on " + flagship.id();
        out.printf(
                "%-28s %7s %12s %12s %12s %14s %14s %14s%n",
                grouping.wireName().toUpperCase(java.util.Locale.ROOT),
                "CALLS",
                "INPUT",
                "CACHED",
                "OUTPUT",
                "COST",
                flagshipHeader.length() > 14 ? "FLAGSHIP ONLY" : flagshipHeader,
                "SAVED");
        report.rows().forEach(row -> line(out, row));
        line(out, report.total());
        if (report.total().estimatedCalls() > 0) {
            out.printf(
                    "%d of %d calls have estimated usage (no usage reported, or a broken stream).%n",
                    report.total().estimatedCalls(), report.total().calls());
        }
    }

    private static List<CallRecord> readCalls(StoreConfig config, Instant from) {
        if (config.kind() == StoreConfig.Kind.SQLITE) {
            Path file = Path.of(config.jdbcUrl().substring("jdbc:sqlite:".length()));
            if (!Files.exists(file)) {
                return List.of(); // nothing recorded yet: do not create a ledger just to read it
            }
        }
        try (JdbcLedger ledger = JdbcLedger.open(config, Clock.systemUTC())) {
            return ledger.calls(from);
        }
    }

    private static void line(PrintWriter out, SpendTotals row) {
        String key = row.key().length() > 28 ? row.key().substring(0, 27) + "~" : row.key();
        out.printf(
                "%-28s %,7d %,12d %,12d %,12d %14s %14s %14s%n",
                key,
                row.calls(),
                row.usage().inputTokens(),
                row.usage().cachedInputTokens(),
                row.usage().outputTokens(),
                "$" + money(row.cost().usd()),
                "$" + money(row.flagshipCost().usd()),
                "$" + money(row.savedUsd()));
    }

    /** Rounded to cents-and-a-bit for the table; JSON keeps every digit. */
    private static String money(BigDecimal usd) {
        return usd.setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Map<String, Object> toJson(SpendTotals row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("key", row.key());
        map.put("calls", row.calls());
        map.put("estimated_calls", row.estimatedCalls());
        map.put("input_tokens", row.usage().inputTokens());
        map.put("cached_input_tokens", row.usage().cachedInputTokens());
        map.put("output_tokens", row.usage().outputTokens());
        map.put("reasoning_tokens", row.usage().reasoningTokens());
        map.put("cost_usd", exact(row.cost().usd()));
        map.put("quota_units", exact(row.cost().quotaUnits()));
        map.put("flagship_cost_usd", exact(row.flagshipCost().usd()));
        map.put("saved_usd", exact(row.savedUsd()));
        return map;
    }

    private static BigDecimal exact(BigDecimal value) {
        return new BigDecimal(Cost.plain(value));
    }
}
