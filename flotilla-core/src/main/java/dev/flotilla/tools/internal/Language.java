package dev.flotilla.tools.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Languages known by file extension, and for source languages the regular expressions that find
 * declarations (classes, interfaces, functions, methods, types) one line at a time. A regex per
 * language is deliberately simple: it finds the usual declaration forms, not every legal one.
 */
public enum Language {
    JAVA("java", List.of("java"), Declarations.JAVA),
    PYTHON("python", List.of("py", "pyi"), Declarations.PYTHON),
    JAVASCRIPT("javascript", List.of("js", "jsx", "mjs", "cjs"), Declarations.SCRIPT),
    TYPESCRIPT("typescript", List.of("ts", "tsx", "mts", "cts"), Declarations.SCRIPT),
    GO("go", List.of("go"), Declarations.GO),
    KOTLIN("kotlin", List.of("kt", "kts"), List.of()),
    RUST("rust", List.of("rs"), List.of()),
    C("c", List.of("c", "h"), List.of()),
    CPP("c++", List.of("cc", "cpp", "cxx", "hpp", "hh"), List.of()),
    CSHARP("c#", List.of("cs"), List.of()),
    RUBY("ruby", List.of("rb"), List.of()),
    SHELL("shell", List.of("sh", "bash", "zsh"), List.of()),
    SQL("sql", List.of("sql"), List.of()),
    MARKDOWN("markdown", List.of("md", "markdown"), List.of()),
    YAML("yaml", List.of("yml", "yaml"), List.of()),
    JSON("json", List.of("json"), List.of()),
    XML("xml", List.of("xml", "pom"), List.of()),
    HTML("html", List.of("html", "htm"), List.of()),
    CSS("css", List.of("css", "scss"), List.of()),
    TOML("toml", List.of("toml"), List.of()),
    PROPERTIES("properties", List.of("properties", "ini", "cfg"), List.of()),
    TEXT("text", List.of("txt"), List.of());

    private final String displayName;
    private final List<String> extensions;
    private final List<Declaration> declarations;

    Language(String displayName, List<String> extensions, List<Declaration> declarations) {
        this.displayName = displayName;
        this.extensions = extensions;
        this.declarations = declarations;
    }

    /** The short name shown to models ({@code java}, {@code typescript}). */
    public String displayName() {
        return displayName;
    }

    /** Whether declarations can be found in this language. */
    public boolean hasDeclarations() {
        return !declarations.isEmpty();
    }

    /** The language of a file name, by extension. */
    public static Optional<Language> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.extensions.contains(extension)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /** The language named {@code name} ({@code java}, {@code ts}, {@code js}, ...), if known. */
    public static Optional<Language> named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.displayName.equals(lower) || language.extensions.contains(lower)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /**
     * A declaration found on one line.
     *
     * @param kind class, interface, enum, record, function, method, type, struct
     * @param name the declared name
     * @param topLevel whether it belongs in an outline (a top-level declaration, or a Java member)
     */
    public record Found(String kind, String name, boolean topLevel) {}

    /** The declaration on this line, if any. */
    public Optional<Found> declarationIn(String line) {
        for (Declaration declaration : declarations) {
            Matcher matcher = declaration.pattern().matcher(line);
            if (matcher.find()) {
                String name = matcher.group("name");
                if (KEYWORDS.contains(name) || declaration.rejectsType(matcher)) {
                    continue;
                }
                int indent = indentation(line);
                String kind =
                        declaration.kind().equals("*") ? kindFromKeyword(matcher.group("kw")) : declaration.kind();
                if (this == PYTHON && kind.equals("function") && indent > 0) {
                    kind = "method";
                }
                boolean topLevel = indent == 0 || (this == JAVA && indent <= 4);
                return Optional.of(new Found(kind, name, topLevel));
            }
        }
        return Optional.empty();
    }

    private static String kindFromKeyword(String keyword) {
        return switch (keyword) {
            case "@interface" -> "annotation";
            case "struct" -> "struct";
            default -> keyword;
        };
    }

    private static int indentation(String line) {
        int width = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                width++;
            } else if (c == '\t') {
                width += 4;
            } else {
                break;
            }
        }
        return width;
    }

    private static final Set<String> KEYWORDS = Set.of(
            "if",
            "for",
            "while",
            "switch",
            "catch",
            "return",
            "new",
            "else",
            "throw",
            "case",
            "do",
            "try",
            "synchronized",
            "function",
            "await",
            "yield",
            "assert",
            "super",
            "this",
            "typeof",
            "delete");

    private record Declaration(String kind, Pattern pattern) {
        /** A method regex also matches statements such as {@code return foo(x)}: refuse those. */
        boolean rejectsType(Matcher matcher) {
            try {
                String type = matcher.group("type");
                if (type == null) {
                    return false;
                }
                String trimmed = type.strip();
                String last = trimmed.substring(trimmed.lastIndexOf(' ') + 1);
                return KEYWORDS.contains(last) || KEYWORDS.contains(trimmed.split("\\s+")[0]);
            } catch (IllegalArgumentException noTypeGroup) {
                return false;
            }
        }
    }

    private static final class Declarations {
        private static final String JAVA_MODIFIERS =
                "(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp|synchronized|native"
                        + "|default|transient|volatile)\\s+|@\\w+(?:\\([^)]*\\))?\\s+)*";

        static final List<Declaration> JAVA = List.of(
                new Declaration(
                        "*",
                        Pattern.compile("^\\s*" + JAVA_MODIFIERS
                                + "(?<kw>class|interface|enum|record|@interface)\\s+(?<name>[A-Za-z_$][\\w$]*)")),
                new Declaration(
                        "constructor",
                        Pattern.compile("^\\s*(?:public|protected|private)\\s+(?<name>[A-Z][\\w$]*)\\s*\\(")),
                new Declaration(
                        "method",
                        Pattern.compile(
                                "^\\s*" + JAVA_MODIFIERS + "(?:<[^>]*>\\s+)?(?<type>[\\w$][\\w$.<>\\[\\],?\\s]*?)"
                                        + "\\s+(?<name>[A-Za-z_$][\\w$]*)\\s*\\(")));

        static final List<Declaration> PYTHON = List.of(
                new Declaration("function", Pattern.compile("^\\s*(?:async\\s+)?def\\s+(?<name>\\w+)\\s*[\\[(]")),
                new Declaration("class", Pattern.compile("^\\s*class\\s+(?<name>\\w+)\\s*[(:\\[]")));

        private static final String EXPORT = "^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?";

        static final List<Declaration> SCRIPT = List.of(
                new Declaration(
                        "class", Pattern.compile(EXPORT + "(?:abstract\\s+)?class\\s+(?<name>[A-Za-z_$][\\w$]*)")),
                new Declaration(
                        "function",
                        Pattern.compile(EXPORT + "(?:async\\s+)?function\\s*\\*?\\s*(?<name>[A-Za-z_$][\\w$]*)")),
                new Declaration("interface", Pattern.compile(EXPORT + "interface\\s+(?<name>[A-Za-z_$][\\w$]*)")),
                new Declaration(
                        "type", Pattern.compile(EXPORT + "type\\s+(?<name>[A-Za-z_$][\\w$]*)\\s*(?:<[^=]*>)?\\s*=")),
                new Declaration("enum", Pattern.compile(EXPORT + "(?:const\\s+)?enum\\s+(?<name>[A-Za-z_$][\\w$]*)")),
                new Declaration(
                        "function",
                        Pattern.compile(
                                EXPORT + "(?:const|let|var)\\s+(?<name>[A-Za-z_$][\\w$]*)\\s*(?::[^=]+)?=\\s*"
                                        + "(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*(?::[^=]+)?=>|[A-Za-z_$][\\w$]*\\s*=>)")),
                new Declaration(
                        "method",
                        Pattern.compile("^\\s+(?:(?:public|private|protected|static|async|readonly|override|abstract"
                                + "|get|set)\\s+)*\\*?(?<name>[A-Za-z_$][\\w$]*)\\s*(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*"
                                + "(?::\\s*[^{;=]+)?\\{")));

        static final List<Declaration> GO = List.of(
                new Declaration("method", Pattern.compile("^func\\s+\\([^)]*\\)\\s*(?<name>\\w+)\\s*[\\[(]")),
                new Declaration("function", Pattern.compile("^func\\s+(?<name>\\w+)\\s*[\\[(]")),
                new Declaration(
                        "*",
                        Pattern.compile(
                                "^\\s*(?:type\\s+)?(?<name>\\w+)\\s+(?:\\[[^\\]]*\\]\\s+)?(?<kw>struct|interface)\\b")),
                new Declaration("type", Pattern.compile("^type\\s+(?<name>\\w+)\\s+(?!struct|interface)\\S")));

        private Declarations() {}
    }
}
