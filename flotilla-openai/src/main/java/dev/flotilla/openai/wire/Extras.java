package dev.flotilla.openai.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Copies the unknown-field maps of wire records, keeping their order. */
final class Extras {
    private Extras() {}

    static Map<String, JsonNode> copy(@Nullable Map<String, JsonNode> extra) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    static <T> @Nullable List<T> copyOrNull(@Nullable List<T> list) {
        return list == null ? null : List.copyOf(list);
    }
}
