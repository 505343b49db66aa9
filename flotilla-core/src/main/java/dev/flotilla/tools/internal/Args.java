package dev.flotilla.tools.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A tool's arguments: declared once (which also yields the JSON Schema), then read from what the
 * model sent with errors that name the bad value and what is accepted.
 */
public final class Args {
    /** A bad argument; tools turn it into an error result. */
    public static final class BadArgumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgumentException(String message) {
            super(message, null, false, false);
        }
    }

    private enum Type {
        STRING,
        INTEGER,
        BOOLEAN
    }

    private record Parameter(String name, Type type, String description, boolean required, long min, long max) {}

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    /** Declares a string parameter. */
    public Args string(String name, String description, boolean required) {
        parameters.put(name, new Parameter(name, Type.STRING, description, required, 0, 0));
        return this;
    }

    /** Declares an integer parameter between {@code min} and {@code max}. */
    public Args integer(String name, String description, long min, long max) {
        parameters.put(name, new Parameter(name, Type.INTEGER, description, false, min, max));
        return this;
    }

    /** Declares a boolean parameter. */
    public Args bool(String name, String description) {
        parameters.put(name, new Parameter(name, Type.BOOLEAN, description, false, 0, 0));
        return this;
    }

    /** The JSON Schema of the declared parameters (an object; no other properties). */
    public ObjectNode schema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode schema = f.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = f.arrayNode();
        parameters.values().forEach(p -> {
            ObjectNode property = properties.putObject(p.name());
            switch (p.type()) {
                case STRING -> property.put("type", "string");
                case INTEGER ->
                    property.put("type", "integer").put("minimum", p.min()).put("maximum", p.max());
                case BOOLEAN -> property.put("type", "boolean");
            }
            property.put("description", p.description());
            if (p.required()) {
                required.add(p.name());
            }
        });
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * Checks the model's arguments against the declarations.
     *
     * @throws BadArgumentException naming the bad value and what is accepted
     */
    public Values read(@Nullable JsonNode arguments) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            arguments = JsonNodeFactory.instance.objectNode();
        }
        if (!arguments.isObject()) {
            throw new BadArgumentException("arguments must be a JSON object with " + accepted() + ", got "
                    + arguments.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Iterator<String> names = arguments.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!parameters.containsKey(name)) {
                throw new BadArgumentException("unknown argument '" + shorten(name) + "'; accepted: " + accepted());
            }
        }
        for (Parameter p : parameters.values()) {
            JsonNode value = arguments.get(p.name());
            if (value == null || value.isNull()) {
                if (p.required()) {
                    throw new BadArgumentException("argument '" + p.name() + "' is required (" + p.description() + ")");
                }
                continue;
            }
            switch (p.type()) {
                case STRING -> {
                    if (!value.isTextual()) {
                        throw new BadArgumentException(
                                "argument '" + p.name() + "' must be a string, got " + shorten(value.toString()));
                    }
                }
                case INTEGER -> {
                    if (!value.canConvertToLong()
                            || !value.isIntegralNumber()
                            || value.asLong() < p.min()
                            || value.asLong() > p.max()) {
                        throw new BadArgumentException("argument '" + p.name() + "' must be an integer from " + p.min()
                                + " to " + p.max() + ", got " + shorten(value.toString()));
                    }
                }
                case BOOLEAN -> {
                    if (!value.isBoolean()) {
                        throw new BadArgumentException(
                                "argument '" + p.name() + "' must be true or false, got " + shorten(value.toString()));
                    }
                }
            }
        }
        return new Values(arguments);
    }

    private String accepted() {
        List<String> names = new ArrayList<>();
        parameters.values().forEach(p -> names.add(p.name() + (p.required() ? " (required)" : "")));
        return names.isEmpty() ? "no arguments" : String.join(", ", names);
    }

    static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** Checked argument values. */
    public static final class Values {
        private final JsonNode node;

        private Values(JsonNode node) {
            this.node = node;
        }

        /** A string argument, or empty. */
        public Optional<String> string(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        }

        /** An integer argument, or empty. */
        public Optional<Long> integer(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asLong());
        }

        /** A boolean argument, or the default. */
        public boolean bool(String name, boolean otherwise) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? otherwise : value.asBoolean();
        }
    }
}
