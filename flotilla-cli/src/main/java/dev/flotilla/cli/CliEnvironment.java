package dev.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command sees of the outside world: environment variables and the two output streams.
 * Injected so tests run commands in-process without touching the real environment.
 */
public record CliEnvironment(Map<String, String> env, PrintWriter out, PrintWriter err) {

    public CliEnvironment {
        env = Map.copyOf(env);
    }

    /** {@code $FLOTILLA_HOME}, defaulting to {@code ~/.flotilla}. */
    public Path flotillaHome() {
        String home = env.get("FLOTILLA_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".flotilla");
    }
}
