package dev.flotilla.cli;

import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.CatalogException;
import dev.flotilla.catalog.UnknownModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root {@code flotilla} command: global options and the list of subcommands. */
@Command(
        name = "flotilla",
        mixinStandardHelpOptions = true,
        versionProvider = FlotillaCommand.Version.class,
        description = {
            "Runtime and gateway for flagship-led multi-model agent systems:",
            "the flagship plans and judges, mini and nano sub-agents do the work, every token is priced."
        },
        subcommands = {
            ReviewCommand.class,
            AskCommand.class,
            RunsCommand.class,
            ModelsCommand.class,
            PriceCommand.class,
            RouteCommand.class,
            SpendCommand.class,
            SimCommand.class,
            ServeCommand.class,
            KeysCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FlotillaCommand implements Runnable {
    /** Exit status for a bad value or option. */
    public static final int EXIT_USAGE = 2;

    /** Exit status for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    private final CliEnvironment environment;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            scope = CommandLine.ScopeType.INHERIT,
            description = "A catalog YAML that overrides and extends the bundled one"
                    + " (default: $FLOTILLA_HOME/catalog.yaml when it exists).")
    @Nullable
    Path catalogFile;

    private @Nullable Catalog catalog;

    FlotillaCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Parses and runs a command line.
     *
     * @return the exit status: 0 success, 1 failure, 2 bad usage
     */
    public static int run(CliEnvironment environment, String... args) {
        CommandLine cli = new CommandLine(new FlotillaCommand(environment));
        cli.setOut(environment.out());
        cli.setErr(environment.err());
        cli.setParameterExceptionHandler((ex, unused) -> {
            CommandLine failed = ex.getCommandLine();
            environment
                    .err()
                    .println("flotilla: " + ex.getMessage() + " (see '"
                            + failed.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, unused, parsed) -> {
            environment.err().println("flotilla: " + ex.getMessage());
            return ex instanceof UsageException || ex instanceof UnknownModelException || ex instanceof CatalogException
                    ? EXIT_USAGE
                    : EXIT_FAILURE;
        });
        int status = cli.execute(args);
        environment.out().flush();
        environment.err().flush();
        return status;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(environment.out());
    }

    /** The environment this command runs in. */
    CliEnvironment environment() {
        return environment;
    }

    /** The catalog for this invocation, loaded once. */
    Catalog catalog() {
        if (catalog == null) {
            catalog = Catalog.resolve(catalogFile, environment.flotillaHome());
        }
        return catalog;
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flotilla " + number()};
        }

        /** The version the build wrote into the jar, e.g. {@code 0.1.0-SNAPSHOT}. */
        static String number() {
            Properties properties = new Properties();
            try (InputStream in = FlotillaCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties.getProperty("version", "unknown");
        }
    }
}
