package dev.flotilla.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.metering.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Small JSON helpers shared by the codecs. */
public final class Json {
    private Json() {}

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The fields of {@code extra} (a ModelCall's pass-through) as a map, minus {@code taken}. */
    public static Map<String, JsonNode> extraFields(@Nullable ObjectNode extra, Set<String> taken) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (extra != null) {
            extra.properties().forEach(e -> {
                if (!taken.contains(e.getKey())) {
                    out.put(e.getKey(), e.getValue());
                }
            });
        }
        return out;
    }

    /** The wire's unknown fields as the ModelCall pass-through object, or null when none. */
    public static @Nullable ObjectNode extraObject(Map<String, JsonNode> extra) {
        if (extra.isEmpty()) {
            return null;
        }
        ObjectNode node = object();
        extra.forEach(node::set);
        return node;
    }

    /** A usage from wire counts, clamped so that it is valid (cached within input, reasoning within output). */
    public static Usage usage(long input, @Nullable Long cached, long output, @Nullable Long reasoning) {
        long in = Math.max(0, input);
        long out = Math.max(0, output);
        long c = cached == null ? 0 : Math.min(in, Math.max(0, cached));
        long r = reasoning == null ? 0 : Math.min(out, Math.max(0, reasoning));
        return new Usage(in, c, out, r);
    }

    /** A string node's text, or null for anything else. */
    public static @Nullable String text(@Nullable JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
