package dev.flotilla.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a model call is for. The kind decides which models are good enough (through a policy) and
 * which benchmark family measures them.
 */
public enum TaskKind {
    PLAN("reasoning", true),
    JUDGE("reasoning", true),
    CODE_SEARCH("coding", false),
    FILE_REVIEW("coding", false),
    DOC_PROCESS("reasoning", false),
    CLASSIFY("reasoning", false),
    EXTRACT("tool_calling", false),
    CODE_SIMPLE("coding", false),
    CHAT("reasoning", false);

    private final String qualityFamily;
    private final boolean coordinator;

    TaskKind(String qualityFamily, boolean coordinator) {
        this.qualityFamily = qualityFamily;
        this.coordinator = coordinator;
    }

    /** The catalog quality family (benchmark) that measures models for this kind of task. */
    public String qualityFamily() {
        return qualityFamily;
    }

    /** Plan and judge: the flagship's own work, scheduled before the workers'. */
    public boolean isCoordinator() {
        return coordinator;
    }

    /** The name used on the command line, in headers and in files, e.g. {@code file_review}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a task kind.
     *
     * @throws IllegalArgumentException naming the value and the accepted kinds when unknown
     */
    public static TaskKind parse(String name) {
        for (TaskKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown task kind '" + name + "'; accepted: " + accepted());
    }

    /** The accepted names, comma separated. */
    public static String accepted() {
        return Arrays.stream(values()).map(TaskKind::wireName).collect(Collectors.joining(", "));
    }
}
