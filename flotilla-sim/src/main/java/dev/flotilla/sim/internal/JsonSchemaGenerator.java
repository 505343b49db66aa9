package dev.flotilla.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Writes a random instance of a JSON Schema, for structured output and tool arguments. Handles
 * {@code type} (one or a list), {@code const}, {@code enum}, {@code object} ({@code properties},
 * {@code required}), {@code array} ({@code items}, {@code minItems}, {@code maxItems}),
 * {@code string} ({@code minLength}, {@code maxLength}), {@code number} and {@code integer}
 * ({@code minimum}, {@code maximum}, exclusive bounds), {@code boolean}, {@code null},
 * {@code anyOf}/{@code oneOf} (one branch) and local {@code $ref}s into {@code $defs} or
 * {@code definitions}. Optional properties appear half the time; other keywords are ignored.
 */
public final class JsonSchemaGenerator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 24;
    private static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "object", "array");

    private final JsonNode root;
    private final RandomGenerator random;

    private JsonSchemaGenerator(JsonNode root, RandomGenerator random) {
        this.root = root;
        this.random = random;
    }

    /**
     * A random instance of {@code schema}.
     *
     * @throws IllegalArgumentException when the schema cannot be satisfied as written (an unknown
     *     {@code $ref}, {@code minItems} above {@code maxItems}, an empty {@code enum}, endless required
     *     recursion)
     */
    public static JsonNode generate(JsonNode schema, RandomGenerator random) {
        return new JsonSchemaGenerator(schema, random).instance(schema, 0, "$");
    }

    private JsonNode instance(JsonNode schema, int depth, String path) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("schema recursion deeper than " + MAX_DEPTH + " at " + path);
        }
        if (schema.isBoolean()) {
            return schema.booleanValue() ? JSON.textNode(word()) : fail(path, "schema 'false' admits no value");
        }
        if (!schema.isObject()) {
            return fail(path, "a schema must be an object or a boolean, got " + schema.getNodeType());
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            return instance(resolve(ref.asText(), path), depth + 1, path);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        JsonNode enumNode = schema.get("enum");
        if (enumNode != null) {
            if (!enumNode.isArray() || enumNode.isEmpty()) {
                return fail(path, "'enum' must be a non-empty list");
            }
            return enumNode.get(random.nextInt(enumNode.size())).deepCopy();
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            JsonNode branches = schema.get(combinator);
            if (branches != null && branches.isArray() && !branches.isEmpty()) {
                return instance(branches.get(random.nextInt(branches.size())), depth + 1, path);
            }
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray() && allOf.size() == 1) {
            return instance(allOf.get(0), depth + 1, path);
        }
        return switch (type(schema, depth)) {
            case "object" -> object(schema, depth, path);
            case "array" -> array(schema, depth, path);
            case "string" -> string(schema, path);
            case "integer" -> integer(schema, path);
            case "number" -> number(schema, path);
            case "boolean" -> JSON.booleanNode(random.nextBoolean());
            case "null" -> JSON.nullNode();
            default -> fail(path, "unknown type '" + type(schema, depth) + "'; accepted: " + TYPES + ", null");
        };
    }

    private String type(JsonNode schema, int depth) {
        JsonNode type = schema.get("type");
        if (type == null) {
            if (schema.has("properties")) {
                return "object";
            }
            if (schema.has("items")) {
                return "array";
            }
            return "string";
        }
        if (type.isArray()) {
            List<String> options = new ArrayList<>();
            type.forEach(t -> options.add(t.asText()));
            if (options.isEmpty()) {
                return "string";
            }
            // Deep in a recursive schema prefer null, which ends the recursion.
            if (depth > MAX_DEPTH / 2 && options.contains("null")) {
                return "null";
            }
            return options.get(random.nextInt(options.size()));
        }
        return type.asText();
    }

    private JsonNode object(JsonNode schema, int depth, String path) {
        ObjectNode object = JSON.objectNode();
        JsonNode properties = schema.get("properties");
        Set<String> required = new HashSet<>();
        JsonNode requiredNode = schema.get("required");
        if (requiredNode != null && requiredNode.isArray()) {
            requiredNode.forEach(r -> required.add(r.asText()));
        }
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                boolean include =
                        required.contains(property.getKey()) || (depth < MAX_DEPTH / 2 && random.nextBoolean());
                if (include) {
                    object.set(
                            property.getKey(),
                            instance(property.getValue(), depth + 1, path + "." + property.getKey()));
                }
            }
        }
        for (String name : required) {
            if (!object.has(name)) {
                // Required but not described: any value satisfies it.
                object.put(name, word());
            }
        }
        return object;
    }

    private JsonNode array(JsonNode schema, int depth, String path) {
        long min = schema.path("minItems").asLong(0);
        long max = schema.has("maxItems") ? schema.get("maxItems").asLong() : Math.max(min, 3);
        if (min < 0 || max < min) {
            return fail(path, "minItems " + min + " and maxItems " + max + " admit no array");
        }
        long count = depth > MAX_DEPTH / 2 ? min : min + random.nextLong(max - min + 1);
        ArrayNode array = JSON.arrayNode();
        JsonNode items = schema.get("items");
        for (int i = 0; i < count; i++) {
            array.add(items == null ? JSON.textNode(word()) : instance(items, depth + 1, path + "[" + i + "]"));
        }
        return array;
    }

    private JsonNode string(JsonNode schema, String path) {
        int min = schema.path("minLength").asInt(0);
        int max = schema.has("maxLength") ? schema.get("maxLength").asInt() : Integer.MAX_VALUE;
        if (min < 0 || max < min) {
            return fail(path, "minLength " + min + " and maxLength " + max + " admit no string");
        }
        StringBuilder text = new StringBuilder("sim ").append(word());
        while (text.length() < min) {
            text.append(' ').append(word());
        }
        if (text.length() > max) {
            text.setLength(max);
        }
        return JSON.textNode(text.toString());
    }

    private JsonNode integer(JsonNode schema, String path) {
        @Nullable Double low = bound(schema, "minimum", "exclusiveMinimum", true);
        @Nullable Double high = bound(schema, "maximum", "exclusiveMaximum", false);
        long min = low != null ? (long) Math.ceil(low) : high != null ? Math.min(0, (long) Math.floor(high) - 100) : 0;
        long max = high != null ? (long) Math.floor(high) : min + 100;
        if (max < min) {
            return fail(path, "minimum " + low + " and maximum " + high + " admit no integer");
        }
        return JSON.numberNode(min + random.nextLong(max - min + 1));
    }

    private JsonNode number(JsonNode schema, String path) {
        @Nullable Double low = bound(schema, "minimum", "exclusiveMinimum", true);
        @Nullable Double high = bound(schema, "maximum", "exclusiveMaximum", false);
        double min = low != null ? low : high != null ? Math.min(0, high - 100) : 0;
        double max = high != null ? high : min + 100;
        if (max < min) {
            return fail(path, "minimum " + low + " and maximum " + high + " admit no number");
        }
        // Two decimals keep instances readable; the rounded value must stay inside the bounds.
        double value = Math.round((min + random.nextDouble() * (max - min)) * 100) / 100.0;
        if (value < min || value > max) {
            value = min + (max - min) / 2;
        }
        return JSON.numberNode(value);
    }

    /**
     * The tighter of an inclusive and an exclusive bound, or null when neither is given. An exclusive
     * bound moves inward by 0.001 (integer bounds then round inward).
     */
    private static @Nullable Double bound(JsonNode schema, String inclusive, String exclusive, boolean lower) {
        @Nullable
        Double result =
                schema.path(inclusive).isNumber() ? schema.get(inclusive).asDouble() : null;
        if (schema.path(exclusive).isNumber()) {
            double edge = schema.get(exclusive).asDouble();
            double inside = lower ? edge + 0.001 : edge - 0.001;
            result = result == null ? inside : lower ? Math.max(result, inside) : Math.min(result, inside);
        }
        return result;
    }

    private JsonNode resolve(String ref, String path) {
        for (String prefix : List.of("#/$defs/", "#/definitions/")) {
            if (ref.startsWith(prefix)) {
                JsonNode target =
                        root.path(prefix.substring(2, prefix.length() - 1)).path(ref.substring(prefix.length()));
                if (!target.isMissingNode()) {
                    return target;
                }
            }
        }
        if (ref.equals("#")) {
            return root;
        }
        return fail(path, "unknown $ref '" + ref + "'; accepted: '#', '#/$defs/NAME', '#/definitions/NAME'");
    }

    private String word() {
        return TextGenerator.WORDS.get(random.nextInt(TextGenerator.WORDS.size()));
    }

    private static JsonNode fail(String path, String message) {
        throw new IllegalArgumentException("cannot generate an instance at " + path + ": " + message);
    }
}
