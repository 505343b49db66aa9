package dev.flotilla.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Generated instances satisfy their schemas: seeded random schemas checked by an independent validator. */
class JsonSchemaGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Stream<Long> seeds() {
        return LongStream.range(0, 40).mapToObj(i -> 0x5C4E_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomSchemas_getValidInstances(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 50; i++) {
            JsonNode schema = randomSchema(random, 0);
            JsonNode instance = JsonSchemaGenerator.generate(schema, random);
            assertThat(SchemaValidator.errors(schema, instance))
                    .as("instance %s of schema %s", instance, schema)
                    .isEmpty();
        }
    }

    @Test
    void validator_rejectsWrongInstances_soThePropertyMeansSomething() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"type":"object","properties":{"a":{"type":"integer","minimum":1},"b":{"enum":["x"]}},
                 "required":["a","b"],"additionalProperties":false}
                """);
        assertThat(SchemaValidator.errors(schema, JSON.readTree("{\"a\":1,\"b\":\"x\"}")))
                .isEmpty();
        assertThat(SchemaValidator.errors(schema, JSON.readTree("{\"a\":0,\"b\":\"x\"}")))
                .isNotEmpty();
        assertThat(SchemaValidator.errors(schema, JSON.readTree("{\"a\":1,\"b\":\"y\"}")))
                .isNotEmpty();
        assertThat(SchemaValidator.errors(schema, JSON.readTree("{\"a\":1}"))).isNotEmpty();
        assertThat(SchemaValidator.errors(schema, JSON.readTree("{\"a\":1,\"b\":\"x\",\"c\":1}")))
                .isNotEmpty();
        assertThat(SchemaValidator.errors(schema, JSON.readTree("[1]"))).isNotEmpty();
    }

    @Test
    void refsIntoDefs_andNullableRecursion_terminate() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},
                   "child":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},
                   "required":["name","child"],"additionalProperties":false}},
                 "$ref":"#/$defs/node"}
                """);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            JsonNode instance = JsonSchemaGenerator.generate(schema, random);
            assertThat(SchemaValidator.errors(schema, instance)).isEmpty();
        }
    }

    @Test
    void unsatisfiableSchemas_areRefusedNamingThePath() throws Exception {
        assertThatThrownBy(() -> JsonSchemaGenerator.generate(
                        JSON.readTree("{\"type\":\"object\",\"properties\":{\"xs\":{\"type\":\"array\",\"minItems\":3,"
                                + "\"maxItems\":1}},\"required\":[\"xs\"]}"),
                        new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.xs")
                .hasMessageContaining("minItems 3 and maxItems 1");
        assertThatThrownBy(() -> JsonSchemaGenerator.generate(
                        JSON.readTree("{\"$ref\":\"#/$defs/missing\"}"), new SplittableRandom(1)))
                .hasMessageContaining("unknown $ref '#/$defs/missing'");
    }

    private static JsonNode randomSchema(SplittableRandom random, int depth) {
        int kind = depth >= 3 ? random.nextInt(6) : random.nextInt(10);
        ObjectNode schema = NODES.objectNode();
        switch (kind) {
            case 0 -> {
                schema.put("type", "string");
                if (random.nextBoolean()) {
                    int min = random.nextInt(20);
                    schema.put("minLength", min);
                    schema.put("maxLength", min + random.nextInt(10));
                }
            }
            case 1 -> {
                schema.put("type", "integer");
                int min = random.nextInt(2000) - 1000;
                if (random.nextBoolean()) {
                    schema.put("minimum", min);
                    schema.put("maximum", min + random.nextInt(5));
                }
                if (random.nextInt(4) == 0) {
                    schema.put("exclusiveMinimum", min - 1 - random.nextInt(3));
                }
            }
            case 2 -> {
                schema.put("type", "number");
                if (random.nextBoolean()) {
                    double min = random.nextDouble() * 10 - 5;
                    schema.put("minimum", min);
                    schema.put("maximum", min + random.nextDouble());
                }
                if (random.nextInt(4) == 0) {
                    schema.put("exclusiveMaximum", 50.5);
                }
            }
            case 3 -> schema.put("type", "boolean");
            case 4 -> {
                ArrayNode options = schema.putArray("enum");
                options.add("a").add(2).add(NODES.nullNode()).add(random.nextBoolean());
            }
            case 5 -> schema.set("const", NODES.textNode("fixed-" + random.nextInt(9)));
            case 6, 7 -> {
                schema.put("type", "object");
                ObjectNode properties = schema.putObject("properties");
                ArrayNode required = schema.putArray("required");
                int count = random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    properties.set("p" + i, randomSchema(random, depth + 1));
                    if (random.nextBoolean()) {
                        required.add("p" + i);
                    }
                }
                schema.put("additionalProperties", false);
            }
            case 8 -> {
                schema.put("type", "array");
                schema.set("items", randomSchema(random, depth + 1));
                int min = random.nextInt(3);
                schema.put("minItems", min);
                schema.put("maxItems", min + random.nextInt(3));
            }
            default -> {
                ArrayNode types = schema.putArray("type");
                types.add("string").add("null");
                if (random.nextBoolean()) {
                    ArrayNode branches = NODES.arrayNode();
                    branches.add(NODES.objectNode().put("type", "integer"));
                    branches.add(NODES.objectNode().put("type", "boolean"));
                    ObjectNode oneOf = NODES.objectNode();
                    oneOf.set("oneOf", branches);
                    return oneOf;
                }
            }
        }
        return schema;
    }
}
