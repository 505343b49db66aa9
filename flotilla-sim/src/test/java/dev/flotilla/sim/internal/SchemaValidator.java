package dev.flotilla.sim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small JSON Schema validator for tests, written independently of the generator: the keywords
 * the generator claims to handle, plus {@code additionalProperties: false}.
 */
final class SchemaValidator {
    private final JsonNode root;

    private SchemaValidator(JsonNode root) {
        this.root = root;
    }

    /** The violations of {@code schema} by {@code instance}; empty when valid. */
    static List<String> errors(JsonNode schema, JsonNode instance) {
        List<String> errors = new ArrayList<>();
        new SchemaValidator(schema).check(schema, instance, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": schema false");
            }
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
            check(target, value, path, errors);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": not the const " + schema.get("const"));
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " not in enum " + schema.get("enum"));
            }
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            String key = schema.has("anyOf") ? "anyOf" : "oneOf";
            int matching = 0;
            for (JsonNode branch : schema.get(key)) {
                if (errors(branch, value, path).isEmpty()) {
                    matching++;
                }
            }
            if (matching == 0 || (key.equals("oneOf") && matching != 1)) {
                errors.add(path + ": " + matching + " branches of " + key + " match");
            }
        }
        if (schema.has("type")) {
            Set<String> types = new HashSet<>();
            if (schema.get("type").isArray()) {
                schema.get("type").forEach(t -> types.add(t.asText()));
            } else {
                types.add(schema.get("type").asText());
            }
            if (types.stream().noneMatch(t -> hasType(value, t))) {
                errors.add(path + ": " + value + " is not of type " + types);
                return;
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    errors.add(path + ": missing required " + required.asText());
                }
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (properties.has(field.getKey())) {
                    check(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey(), errors);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").booleanValue()) {
                    errors.add(path + ": unexpected property " + field.getKey());
                }
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                errors.add(path + ": fewer than minItems");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                errors.add(path + ": more than maxItems");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
                }
            }
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                errors.add(path + ": shorter than minLength");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                errors.add(path + ": longer than maxLength");
            }
        }
        if (value.isNumber()) {
            double number = value.asDouble();
            if (schema.has("minimum") && number < schema.get("minimum").asDouble()) {
                errors.add(path + ": below minimum");
            }
            if (schema.has("maximum") && number > schema.get("maximum").asDouble()) {
                errors.add(path + ": above maximum");
            }
            if (schema.has("exclusiveMinimum")
                    && number <= schema.get("exclusiveMinimum").asDouble()) {
                errors.add(path + ": not above exclusiveMinimum");
            }
            if (schema.has("exclusiveMaximum")
                    && number >= schema.get("exclusiveMaximum").asDouble()) {
                errors.add(path + ": not below exclusiveMaximum");
            }
        }
    }

    private List<String> errors(JsonNode schema, JsonNode value, String path) {
        List<String> errors = new ArrayList<>();
        check(schema, value, path, errors);
        return errors;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" ->
                value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }
}
