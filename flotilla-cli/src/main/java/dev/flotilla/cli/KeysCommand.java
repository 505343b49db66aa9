package dev.flotilla.cli;

import dev.flotilla.store.JdbcLedger;
import dev.flotilla.store.StoreConfig;
import dev.flotilla.store.VirtualKey;
import dev.flotilla.store.VirtualKeys;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code flotilla keys}: the gateway's virtual keys, in the ledger's database. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Virtual keys for `flotilla serve`, stored (as salted SHA-256 hashes only) in the ledger's",
            "database: $FLOTILLA_HOME/flotilla.db, or PostgreSQL at $FLOTILLA_DB_URL. A key created",
            "while the gateway runs works at once."
        },
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @ParentCommand
    FlotillaCommand root;

    @Override
    public void run() {
        throw new UsageException("name a subcommand: create, list or revoke (see flotilla keys --help)");
    }

    <T> T withKeys(Function<VirtualKeys, T> action) {
        StoreConfig config;
        try {
            config = StoreConfig.fromEnvironment(
                    root.environment().env(), root.environment().flotillaHome());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (JdbcLedger ledger = JdbcLedger.open(config, Clock.systemUTC())) {
            return action.apply(VirtualKeys.of(ledger, Clock.systemUTC()));
        }
    }

    static Map<String, Object> toJson(VirtualKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", key.id());
        out.put("name", key.name());
        out.put(
                "budget_usd_per_day",
                key.budgetUsdPerDay() == null ? null : key.budgetUsdPerDay().toPlainString());
        out.put("rpm", key.rpm());
        out.put("tpm", key.tpm());
        out.put("models", new TreeSet<>(key.models()));
        out.put("created_at", key.createdAt().toString());
        out.put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
        return out;
    }

    /** {@code flotilla keys create}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a key and print it once (it cannot be shown again).")
    static final class Create implements Runnable {
        @ParentCommand
        KeysCommand keys;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A label for people.")
        String name;

        @Option(names = "--budget-usd-per-day", paramLabel = "USD", description = "Daily spend limit in USD.")
        @Nullable
        String budget;

        @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute.")
        @Nullable
        Long rpm;

        @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute (input plus output cap).")
        @Nullable
        Long tpm;

        @Option(
                names = "--models",
                paramLabel = "a,b",
                split = ",",
                description = "The only models this key may use (catalog ids; default: every model).")
        List<String> models = new ArrayList<>();

        @Option(names = "--json", description = "Print {\"id\": ..., \"key\": ...}.")
        boolean json;

        @Override
        public void run() {
            BigDecimal usd = null;
            if (budget != null) {
                try {
                    usd = new BigDecimal(budget);
                } catch (NumberFormatException e) {
                    throw new UsageException("--budget-usd-per-day '" + budget
                            + "' is not a number; accepted: a USD amount like 5 or 0.50");
                }
                if (usd.signum() < 0) {
                    throw new UsageException("--budget-usd-per-day must not be negative, got " + budget);
                }
            }
            if (rpm != null && rpm <= 0) {
                throw new UsageException("--rpm must be positive, got " + rpm);
            }
            if (tpm != null && tpm <= 0) {
                throw new UsageException("--tpm must be positive, got " + tpm);
            }
            Set<String> allowed = new LinkedHashSet<>();
            for (String model : models) {
                String id = model.trim();
                if (!id.isEmpty()) {
                    keys.root.catalog().require(id); // unknown ids fail with the accepted list
                    allowed.add(id);
                }
            }
            VirtualKey.Spec spec = new VirtualKey.Spec(name, usd, rpm, tpm, allowed);
            VirtualKey.Created created = keys.withKeys(store -> store.create(spec));
            PrintWriter out = keys.root.environment().out();
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", created.key().id());
                body.put("key", created.token());
                body.putAll(toJson(created.key()));
                out.println(Json.write(body));
                return;
            }
            out.println("Created key " + created.key().id() + " (" + name + "). It is shown only this once:");
            out.println(created.token());
        }
    }

    /** {@code flotilla keys list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class ListKeys implements Runnable {
        @ParentCommand
        KeysCommand keys;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public void run() {
            List<VirtualKey> all = keys.withKeys(VirtualKeys::list);
            PrintWriter out = keys.root.environment().out();
            if (json) {
                out.println(Json.write(all.stream().map(KeysCommand::toJson).toList()));
                return;
            }
            if (all.isEmpty()) {
                out.println("No keys. Create one with: flotilla keys create --name NAME");
                return;
            }
            out.printf("%-14s %-20s %-8s %10s %8s %10s %s%n", "ID", "NAME", "STATE", "USD/DAY", "RPM", "TPM", "MODELS");
            for (VirtualKey key : all) {
                out.printf(
                        "%-14s %-20s %-8s %10s %8s %10s %s%n",
                        key.id(),
                        key.name(),
                        key.active() ? "active" : "revoked",
                        key.budgetUsdPerDay() == null
                                ? "-"
                                : key.budgetUsdPerDay().toPlainString(),
                        key.rpm() == null ? "-" : key.rpm(),
                        key.tpm() == null ? "-" : key.tpm(),
                        key.models().isEmpty() ? "all" : String.join(",", new TreeSet<>(key.models())));
            }
        }
    }

    /** {@code flotilla keys revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: it stops working.")
    static final class Revoke implements Runnable {
        @ParentCommand
        KeysCommand keys;

        @Parameters(paramLabel = "ID", description = "The key's id (from keys list).")
        String id;

        @Override
        public void run() {
            boolean revoked = keys.withKeys(store -> store.revoke(id));
            if (!revoked) {
                throw new UsageException("no active key with id '" + id + "'; see flotilla keys list");
            }
            keys.root.environment().out().println("Revoked key " + id + ".");
        }
    }
}
