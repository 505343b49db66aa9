package dev.flotilla.tools.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules of one {@code .gitignore} file, matched against paths relative to the directory that
 * holds it, with git's semantics: blank lines and {@code #} comments are skipped, {@code !} negates,
 * a trailing {@code /} matches directories only, a pattern with a {@code /} at the start or in the
 * middle is anchored to the file's directory while one without matches at any depth, {@code **}
 * spans directories, and the last matching rule wins. Immutable.
 */
public final class GitIgnore {
    private record Rule(Pattern pattern, boolean negated, boolean directoryOnly) {}

    private final List<Rule> rules;

    private GitIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses the lines of a {@code .gitignore} file; a line that is not a valid pattern is skipped. */
    public static GitIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = trimTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = false;
            if (line.startsWith("!")) {
                negated = true;
                line = line.substring(1);
            } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
                line = line.substring(1);
            }
            boolean directoryOnly = false;
            if (line.endsWith("/") && !line.endsWith("\\/")) {
                directoryOnly = true;
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            boolean anchored = line.indexOf('/') >= 0;
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String glob = anchored ? line : "**/" + line;
            try {
                rules.add(new Rule(Glob.compile(glob, false), negated, directoryOnly));
            } catch (IllegalArgumentException e) {
                // git ignores a pattern it cannot parse; so do we.
            }
        }
        return new GitIgnore(rules);
    }

    /**
     * Whether the path is ignored by this file: true (ignored), false (re-included by a {@code !}
     * rule) or null (no rule matches).
     *
     * @param relativePath the path relative to this file's directory, {@code /}-separated
     * @param directory whether the path is a directory
     */
    public @Nullable Boolean match(String relativePath, boolean directory) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            if (rule.directoryOnly() && !directory) {
                continue;
            }
            if (rule.pattern().matcher(relativePath).matches()) {
                return !rule.negated();
            }
        }
        return null;
    }

    /** Whether the file has no rules. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    private static String trimTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0
                && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t' || line.charAt(end - 1) == '\r')) {
            if (end >= 2 && line.charAt(end - 2) == '\\') {
                break; // an escaped space is kept
            }
            end--;
        }
        return line.substring(0, end);
    }
}
