package dev.flotilla.tools;

import dev.flotilla.tools.internal.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Paths the tools never read or list, whatever the model asks: version-control internals, environment
 * files, private keys and credential files. Immutable and thread-safe.
 *
 * <p>A pattern without {@code /} is a glob matched against every segment of the workspace-relative
 * path, so {@code .git} denies the directory and everything under it and {@code *.pem} denies such a
 * file in any directory. A pattern with {@code /} is matched against the whole relative path and each
 * of its parent paths. Matching is case-insensitive, so {@code KEY.PEM} is denied too.
 */
public final class DenyList {
    /** The default patterns. */
    public static final List<String> DEFAULT_PATTERNS = List.of(
            ".git",
            ".hg",
            ".svn",
            ".env",
            ".env.*",
            "*.pem",
            "*.key",
            "*.p12",
            "*.pfx",
            "*.jks",
            "*.keystore",
            "*.kdbx",
            "id_rsa*",
            "id_dsa*",
            "id_ecdsa*",
            "id_ed25519*",
            ".ssh",
            ".gnupg",
            ".aws",
            ".npmrc",
            ".yarnrc.yml",
            ".pypirc",
            ".netrc",
            "_netrc",
            ".pgpass",
            ".htpasswd",
            ".git-credentials",
            ".dockercfg",
            ".docker/config.json");

    private final List<String> patterns;
    private final List<Pattern> segmentPatterns = new ArrayList<>();
    private final List<Pattern> pathPatterns = new ArrayList<>();

    private DenyList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String glob : this.patterns) {
            if (glob.isBlank()) {
                throw new IllegalArgumentException("deny pattern must not be blank; accepted: a glob such as '*.pem'");
            }
            String trimmed = glob.startsWith("/") ? glob.substring(1) : glob;
            Pattern compiled = Pattern.compile(
                    Glob.toRegex(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed, true),
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            (trimmed.contains("/") ? pathPatterns : segmentPatterns).add(compiled);
        }
    }

    /** The default deny list ({@link #DEFAULT_PATTERNS}). */
    public static DenyList defaults() {
        return new DenyList(DEFAULT_PATTERNS);
    }

    /**
     * A deny list of exactly these patterns (an empty list denies nothing).
     *
     * @throws IllegalArgumentException when a pattern is blank or not a valid glob
     */
    public static DenyList of(List<String> patterns) {
        return new DenyList(Objects.requireNonNull(patterns, "patterns"));
    }

    /** This list plus more patterns. */
    public DenyList plus(String... more) {
        List<String> all = new ArrayList<>(patterns);
        all.addAll(List.of(more));
        return new DenyList(all);
    }

    /** The patterns, in order. */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * Whether a workspace-relative path ({@code /}-separated, no leading {@code /}) is denied.
     * The empty path (the workspace root) is never denied.
     */
    public boolean isDenied(String relativePath) {
        if (relativePath.isEmpty()) {
            return false;
        }
        String[] segments = relativePath.split("/");
        for (String segment : segments) {
            for (Pattern pattern : segmentPatterns) {
                if (pattern.matcher(segment).matches()) {
                    return true;
                }
            }
        }
        if (!pathPatterns.isEmpty()) {
            StringBuilder prefix = new StringBuilder();
            for (String segment : segments) {
                if (!prefix.isEmpty()) {
                    prefix.append('/');
                }
                prefix.append(segment);
                for (Pattern pattern : pathPatterns) {
                    if (pattern.matcher(prefix).matches()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The first pattern that denies the path, for error messages. */
    String matchingPattern(String relativePath) {
        for (String glob : patterns) {
            if (DenyList.of(List.of(glob)).isDenied(relativePath)) {
                return glob;
            }
        }
        return "?";
    }

    @Override
    public String toString() {
        return "DenyList" + patterns;
    }
}
