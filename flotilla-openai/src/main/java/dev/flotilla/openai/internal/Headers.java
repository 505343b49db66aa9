package dev.flotilla.openai.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Case-insensitive, first-value header look-up over any header map. */
public final class Headers {
    private final Map<String, List<String>> byName;

    private Headers(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** A view of {@code headers} that ignores the case of names. */
    public static Headers of(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                map.putIfAbsent(name, values);
            }
        });
        return new Headers(map);
    }

    /** The first value of a header, trimmed, when present and not blank. */
    public Optional<String> first(String name) {
        List<String> values = byName.get(name);
        if (values == null || values.isEmpty() || values.get(0) == null) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
