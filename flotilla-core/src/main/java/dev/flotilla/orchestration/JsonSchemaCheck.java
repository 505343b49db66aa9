package dev.flotilla.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Optional;

/**
 * Checks a model's JSON answer against a JSON Schema (draft 2020-12), for plans, sub-agent outputs
 * and judge answers. Thread-safe once built.
 */
public final class JsonSchemaCheck {
    private final Schema schema;
    private final ObjectMapper mapper;

    /** Compiles a schema. */
    public JsonSchemaCheck(JsonNode schema, ObjectMapper mapper) {
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(schema);
        this.mapper = mapper;
    }

    /**
     * Why the answer does not match, or empty when it does.
     *
     * @param answer the model's answer text, expected to be JSON
     */
    public Optional<String> problem(String answer) {
        JsonNode node;
        try {
            node = mapper.readTree(answer);
        } catch (Exception e) {
            return Optional.of("the answer is not JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            return Optional.of("the answer is empty; expected JSON");
        }
        List<Error> errors = schema.validate(node);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the answer does not match its schema: "
                + String.join(
                        "; ", errors.stream().limit(5).map(Error::getMessage).toList()));
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
