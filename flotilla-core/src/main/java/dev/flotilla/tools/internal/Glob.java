package dev.flotilla.tools.internal;

import java.util.regex.Pattern;

/**
 * Translates globs to regular expressions over {@code /}-separated relative paths: {@code *} and
 * {@code ?} stay within one segment, {@code **} crosses segments ({@code a/**}{@code /b} also matches
 * {@code a/b}), {@code [abc]}, {@code [!a-z]} and {@code \} escapes as in git; {@code {a,b}}
 * alternatives when asked for.
 */
public final class Glob {
    private Glob() {}

    /**
     * Compiles a glob.
     *
     * @param glob the pattern
     * @param braces whether {@code {a,b}} means alternatives (list_files) or literal braces (.gitignore)
     * @throws IllegalArgumentException when a bracket or brace is not closed
     */
    public static Pattern compile(String glob, boolean braces) {
        return Pattern.compile(toRegex(glob, braces), Pattern.DOTALL);
    }

    /** The regular expression for a glob; see {@link #compile}. */
    public static String toRegex(String glob, boolean braces) {
        StringBuilder re = new StringBuilder();
        int braceDepth = 0;
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && glob.charAt(i + 1) == '*') {
                        boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
                        int after = i + 2;
                        if (atSegmentStart && after < n && glob.charAt(after) == '/') {
                            re.append("(?:.*/)?"); // "**/": zero or more whole segments
                            i = after;
                        } else {
                            re.append(".*");
                            i = after - 1;
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int close = classEnd(glob, i);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed '[' at index " + i + " in glob '" + glob + "'");
                    }
                    re.append('[');
                    int j = i + 1;
                    if (j < close && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
                        re.append('^');
                        j++;
                    }
                    for (; j < close; j++) {
                        char k = glob.charAt(j);
                        if (k == '\\' && j + 1 < close) {
                            re.append('\\').append(glob.charAt(++j));
                        } else if (k == '[' || k == ']' || k == '&' || k == '\\' || k == '^') {
                            re.append('\\').append(k);
                        } else {
                            re.append(k);
                        }
                    }
                    re.append(']');
                    i = close;
                }
                case '\\' -> {
                    if (i + 1 < n) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                case '{' -> {
                    if (braces) {
                        braceDepth++;
                        re.append("(?:");
                    } else {
                        re.append("\\{");
                    }
                }
                case '}' -> {
                    if (braces && braceDepth > 0) {
                        braceDepth--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces && braceDepth > 0 ? "|" : ",");
                default -> {
                    if ("().+|^$@%".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
                }
            }
        }
        if (braceDepth != 0) {
            throw new IllegalArgumentException("unclosed '{' in glob '" + glob + "'");
        }
        return re.toString();
    }

    private static int classEnd(String glob, int open) {
        int j = open + 1;
        if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++; // a leading ']' is literal
        }
        for (; j < glob.length(); j++) {
            char c = glob.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == ']') {
                return j;
            }
        }
        return -1;
    }
}
