package dev.flotilla.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@code openai} npm package (src/test/js/openai-client.mjs) against the simulator's HTTP face:
 * non-streaming, streaming with usage, tool calls, Responses. Skipped, with a message, where node
 * or npm is missing; installs the package into target/npm-openai.
 */
class NpmOpenAiClientTest {
    private static final Path SCRIPTS = Path.of("src", "test", "js");
    private static final Path WORK = Path.of("target", "npm-openai");

    @Test
    void openaiNpmPackage_passesItsChecksAgainstTheServer() throws Exception {
        requireTool("node");
        requireTool("npm");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "openai-client.mjs")) {
            Files.copy(SCRIPTS.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result install = run(
                List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"),
                Map.of(),
                300);
        assertThat(install.status()).as("npm install: %s", install.output()).isZero();

        Simulator simulator = Simulator.builder(SimFixtures.CATALOG)
                .tokenCounter(SimFixtures.TOKENS)
                .speed(0)
                .build();
        try (SimServer server = SimServer.start(simulator, "127.0.0.1", 0)) {
            Result checks = run(
                    List.of("node", "openai-client.mjs"),
                    Map.of("OPENAI_BASE_URL", server.baseUrl(), "OPENAI_API_KEY", "sk-simulated"),
                    120);
            System.out.println("openai npm package against " + server.baseUrl() + ":\n"
                    + checks.output().strip().replaceAll("(?m)^", "  npm| "));
            assertThat(checks.status()).as(checks.output()).isZero();
            assertThat(checks.output()).contains("5 passed, 0 failed");
        }
    }

    private record Result(int status, String output) {}

    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("last-run.log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(WORK.resolve("last-run.log"), StandardCharsets.UTF_8));
    }

    private static void requireTool(String tool) throws InterruptedException {
        boolean present;
        try {
            Process process = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            present = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String message = "SKIPPED: the openai npm package check needs '" + tool + "' on the PATH";
            System.err.println(message);
            Assumptions.abort(message);
        }
    }
}
