package dev.flotilla.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** Helpers that build workspaces in a temporary directory. */
final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** Writes a text file (creating parents). */
    static Path write(Path root, String relative, String text) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON arguments written with single quotes for readability. */
    static JsonNode args(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared fixture repository (src/test/resources/fixtures/sample-repo), read in place. */
    static Path sampleRepo() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/sample-repo").toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixtures/sample-repo is not on the test classpath", e);
        }
    }

    /** A clock that moves one millisecond forward every time it is read. */
    static InstantSource steppingClock() {
        AtomicLong millis = new AtomicLong();
        return () -> Instant.EPOCH.plusMillis(millis.incrementAndGet());
    }
}
