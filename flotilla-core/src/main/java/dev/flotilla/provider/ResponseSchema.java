package dev.flotilla.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Structured output: the answer must be a JSON instance of this schema.
 *
 * @param name a short name for the schema (sent to the provider)
 * @param schema the JSON Schema
 * @param strict whether the provider must enforce it exactly
 */
public record ResponseSchema(String name, JsonNode schema, boolean strict) {
    public ResponseSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
    }
}
