package dev.flotilla.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.provider.ToolSpec;
import dev.flotilla.tools.Tool;
import dev.flotilla.tools.ToolResult;
import java.util.Map;
import java.util.TreeMap;

/** A tool sub-agents may call: a SKU's pack price and size, from a fixed price list. Thread-safe. */
final class PriceLookup implements Tool {
    static final String NAME = "price_lookup";

    private static final Map<String, String> PRICES = new TreeMap<>(Map.of(
            "A-100", "pack of 3 for $4.20",
            "B-200", "pack of 6 for $5.70",
            "C-300", "pack of 2 for $2.10"));

    @Override
    public ToolSpec spec() {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        parameters.put("type", "object");
        parameters
                .putObject("properties")
                .putObject("sku")
                .put("type", "string")
                .put("description", "e.g. A-100");
        parameters.putArray("required").add("sku");
        parameters.put("additionalProperties", false);
        return new ToolSpec(NAME, "The pack price and pack size of a SKU", parameters);
    }

    @Override
    public ToolResult execute(JsonNode arguments) {
        String sku = arguments.path("sku").asText("");
        String price = PRICES.get(sku);
        if (price == null) {
            return ToolResult.error(NAME, "unknown sku '" + sku + "'; known: " + String.join(", ", PRICES.keySet()));
        }
        return ToolResult.ok(NAME, sku + ": " + price);
    }
}
