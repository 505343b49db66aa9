package dev.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.store.VirtualKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm package against the gateway (src/test/js/sdk-check.mjs). The
 * package is npm-installed into target/npm-openai once; without node and npm the test is skipped
 * with a message (.ci/run has both).
 */
class NpmSdkTest {
    static final String OPENAI_NPM_VERSION = "7.55.0";

    @TempDir
    Path dir;

    @Test
    void openaiNpmPackage_chatStreamToolsResponsesAndErrors() throws Exception {
        boolean hasNode = runs(List.of("node", "--version")) && runs(List.of("npm", "--version"));
        if (!hasNode) {
            System.err.println("NpmSdkTest skipped: node and npm are not on the PATH");
        }
        assumeTrue(hasNode, "node and npm are not on the PATH: skipping the openai npm package test");
        Path prefix = Path.of("target", "npm-openai").toAbsolutePath();
        Path installed = prefix.resolve("node_modules/openai/package.json");
        if (!Files.exists(installed)) {
            Files.createDirectories(prefix);
            Process npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            prefix.toString(),
                            "openai@" + OPENAI_NPM_VERSION)
                    .redirectErrorStream(true)
                    .start();
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assumeTrue(npm.exitValue() == 0, "npm install openai failed (offline?): " + log);
        }
        Path script = Path.of("src", "test", "js", "sdk-check.mjs").toAbsolutePath();
        Path copy = prefix.resolve("sdk-check.mjs"); // ESM resolves packages next to the script
        Files.copy(script, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String[] token = new String[1];
        try (GatewayFixture fixture = new GatewayFixture(dir, new FakeUpstream(), keys -> {
            token[0] = keys.create(new VirtualKey.Spec("npm", null, null, null, Set.of()))
                    .token();
            return keys;
        })) {
            Process node = new ProcessBuilder("node", copy.toString(), fixture.base(), token[0])
                    .redirectErrorStream(true)
                    .start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(node.exitValue()).as(out).isZero();
            assertThat(out).contains("OK");
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
