package dev.flotilla.review;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official SARIF 2.1.0 JSON Schema, taken from the npm package {@code @microsoft/jest-sarif}
 * (which bundles {@code sarif-2.1.0-rtm.5.json}) with the machine's npm, cached under target/.
 * Tests that need it abort with a visible message when npm is missing.
 */
public final class SarifSchema {
    static final String PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0";
    static final String ENTRY = "package/lib/schemas/sarif-2.1.0-rtm.5.json";

    private SarifSchema() {}

    public static synchronized Path path() throws IOException, InterruptedException {
        Path dir = Path.of("target", "sarif-schema").toAbsolutePath();
        Path schema = dir.resolve(ENTRY);
        if (Files.isRegularFile(schema)) {
            return schema;
        }
        Files.createDirectories(dir);
        if (!run(dir, List.of("npm", "pack", PACKAGE, "--silent"))) {
            abort("npm is not available (or cannot reach the registry), so the SARIF 2.1.0 schema could not be"
                    + " fetched from " + PACKAGE + "; .ci/run has npm and runs this test");
        }
        try (var files = Files.list(dir)) {
            Path tgz =
                    files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
            if (!run(dir, List.of("tar", "xzf", tgz.getFileName().toString(), ENTRY))) {
                throw new IOException("could not unpack " + tgz);
            }
        }
        return schema;
    }

    private static boolean run(Path dir, List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
