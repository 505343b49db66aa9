package dev.flotilla.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * The caps every repository tool respects, so that no result can flood a model's context and no
 * call can run unbounded.
 *
 * @param maxResultBytes the most UTF-8 bytes of content in one result
 * @param maxLineBytes the most bytes of one line shown in a result; longer lines are cut and marked
 * @param maxScanLineBytes the most bytes of one line that grep and find_symbol search; the rest of a
 *     longer line is skipped, never held in memory
 * @param maxReadLines the most lines read_file returns when no end line is given
 * @param maxFiles the most paths list_files returns
 * @param maxMatches the most matches grep and find_symbol return
 * @param maxWalkEntries the most directory entries one call visits
 * @param timeLimit the wall-time limit of one grep, find_symbol or repo_map call (a regex that
 *     backtracks catastrophically stops here)
 */
public record ToolLimits(
        int maxResultBytes,
        int maxLineBytes,
        int maxScanLineBytes,
        int maxReadLines,
        int maxFiles,
        int maxMatches,
        int maxWalkEntries,
        Duration timeLimit) {

    /** The defaults: 64 KiB per result, 4 KiB per line, 1 MiB scanned per line, 2 s per call. */
    public static final ToolLimits DEFAULTS =
            new ToolLimits(64 * 1024, 4 * 1024, 1024 * 1024, 2_000, 1_000, 200, 200_000, Duration.ofSeconds(2));

    public ToolLimits {
        positive("maxResultBytes", maxResultBytes);
        positive("maxLineBytes", maxLineBytes);
        positive("maxScanLineBytes", maxScanLineBytes);
        positive("maxReadLines", maxReadLines);
        positive("maxFiles", maxFiles);
        positive("maxMatches", maxMatches);
        positive("maxWalkEntries", maxWalkEntries);
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
        }
        if (maxLineBytes > maxResultBytes) {
            throw new IllegalArgumentException(
                    "maxLineBytes (" + maxLineBytes + ") must not exceed maxResultBytes (" + maxResultBytes + ")");
        }
        if (maxScanLineBytes < maxLineBytes) {
            throw new IllegalArgumentException(
                    "maxScanLineBytes (" + maxScanLineBytes + ") must be at least maxLineBytes (" + maxLineBytes + ")");
        }
    }

    /** A copy with another per-call time limit. */
    public ToolLimits withTimeLimit(Duration limit) {
        return new ToolLimits(
                maxResultBytes,
                maxLineBytes,
                maxScanLineBytes,
                maxReadLines,
                maxFiles,
                maxMatches,
                maxWalkEntries,
                limit);
    }

    /** A copy with other result and line caps. */
    public ToolLimits withResultCaps(int resultBytes, int lineBytes) {
        return new ToolLimits(
                resultBytes,
                lineBytes,
                Math.max(maxScanLineBytes, lineBytes),
                maxReadLines,
                maxFiles,
                maxMatches,
                maxWalkEntries,
                timeLimit);
    }

    /** A copy with other caps on listed files and matches. */
    public ToolLimits withCounts(int files, int matches) {
        return new ToolLimits(
                maxResultBytes,
                maxLineBytes,
                maxScanLineBytes,
                maxReadLines,
                files,
                matches,
                maxWalkEntries,
                timeLimit);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
