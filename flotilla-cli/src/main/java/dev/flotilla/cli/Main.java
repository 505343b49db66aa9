package dev.flotilla.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    /** Runs the command line and exits with its status (0 ok, 1 failure, 2 bad usage). */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int status = FlotillaCommand.run(new CliEnvironment(System.getenv(), out, err), args);
        out.flush();
        err.flush();
        System.exit(status);
    }
}
