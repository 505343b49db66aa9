package dev.flotilla.gateway.internal;

import dev.flotilla.gateway.TaskClassifier;
import dev.flotilla.provider.Message;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.Role;
import dev.flotilla.routing.TaskKind;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keyword and shape rules over the last user message (see {@link TaskClassifier#heuristic()}).
 * About a microsecond per request: a few substring searches over at most the first 4,000
 * characters.
 */
public final class HeuristicClassifier implements TaskClassifier {
    private static final int SCAN_CHARS = 4_000;
    private static final int LONG_DOCUMENT_CHARS = 12_000;
    private static final Pattern CODE = Pattern.compile(
            "```|\\b(def|class|public|private|function|import|return|const|let|fn)\\b.*[({;:]\\s*$", Pattern.MULTILINE);

    @Override
    public TaskKind classify(ModelCall call) {
        String text = lastUserText(call);
        String head = text.length() > SCAN_CHARS ? text.substring(0, SCAN_CHARS) : text;
        String lower = head.toLowerCase(Locale.ROOT);
        if (call.responseSchema() != null || lower.contains("extract")) {
            return TaskKind.EXTRACT;
        }
        if (lower.contains("classify") || lower.contains("categorize") || lower.contains("categorise")) {
            return TaskKind.CLASSIFY;
        }
        if (lower.contains("review") || lower.contains("diff --git")) {
            return TaskKind.FILE_REVIEW;
        }
        if (lower.startsWith("plan") || lower.contains("make a plan") || lower.contains("step-by-step plan")) {
            return TaskKind.PLAN;
        }
        if (CODE.matcher(head).find()) {
            return TaskKind.CODE_SIMPLE;
        }
        if (text.length() > LONG_DOCUMENT_CHARS || lower.contains("summarize") || lower.contains("summarise")) {
            return TaskKind.DOC_PROCESS;
        }
        return TaskKind.CHAT;
    }

    private static String lastUserText(ModelCall call) {
        for (int i = call.messages().size() - 1; i >= 0; i--) {
            Message m = call.messages().get(i);
            if (m.role() == Role.USER) {
                return m.text();
            }
        }
        return call.messages().getLast().text();
    }
}
