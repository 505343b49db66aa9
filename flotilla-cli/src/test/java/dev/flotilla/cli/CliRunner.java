package dev.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process with a captured stdout and stderr. */
record CliRunner(Map<String, String> env) {

    record Result(int status, String out, String err) {}

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = FlotillaCommand.run(
                new CliEnvironment(env, new PrintWriter(out, true), new PrintWriter(err, true)), args);
        return new Result(status, out.toString(), err.toString());
    }
}
