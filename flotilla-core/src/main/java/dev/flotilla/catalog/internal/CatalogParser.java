package dev.flotilla.catalog.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flotilla.catalog.Capability;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.catalog.CatalogException;
import dev.flotilla.catalog.Endpoint;
import dev.flotilla.catalog.LatencyProfile;
import dev.flotilla.catalog.LongContextTier;
import dev.flotilla.catalog.Modality;
import dev.flotilla.catalog.ModelSpec;
import dev.flotilla.catalog.Prices;
import dev.flotilla.catalog.RateLimit;
import dev.flotilla.catalog.Tier;
import dev.flotilla.catalog.WireApi;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads catalog YAML into {@link ModelSpec}s. Every error names the file, the entry and the field.
 * A user file is merged over the bundled one at the YAML level (an entry with a known id overrides
 * the fields it gives, objects merge, lists replace), so one validation pass covers both.
 */
public final class CatalogParser {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Set<String> TOP_FIELDS = Set.of("version", "rateLimitTier", "models");
    private static final Set<String> MODEL_FIELDS = Set.of(
            "id",
            "tier",
            "autoRoute",
            "prices",
            "longContext",
            "toolFees",
            "contextWindow",
            "maxOutputTokens",
            "inputModalities",
            "capabilities",
            "quotaWeight",
            "quality",
            "rateLimits",
            "latency",
            "endpoint",
            "fallbacks",
            "assumed");

    private CatalogParser() {}

    /** Loads the bundled catalog and, when given, the user file over it. */
    public static Catalog load(@Nullable Path userFile) {
        String bundledName = "bundled catalog";
        ObjectNode root = readBundled(bundledName);
        Map<String, String> origin = new LinkedHashMap<>();
        ObjectNode merged = root;
        List<String> sources = new ArrayList<>(List.of(bundledName));
        markOrigin(root, bundledName, origin);
        if (userFile != null) {
            String name = userFile.toString();
            ObjectNode user = readFile(userFile, name);
            merged = merge(root, user, name, origin);
            sources.add(name);
        }
        return build(merged, origin, sources);
    }

    private static ObjectNode readBundled(String name) {
        try (InputStream in = Catalog.class.getResourceAsStream(Catalog.BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new CatalogException("bundled catalog missing from the classpath: " + Catalog.BUNDLED_RESOURCE);
            }
            return asObject(YAML.readTree(in), name);
        } catch (IOException e) {
            throw new CatalogException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static ObjectNode readFile(Path file, String name) {
        try {
            return asObject(YAML.readTree(Files.readString(file)), name);
        } catch (JacksonException e) {
            throw new CatalogException(name + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static ObjectNode asObject(@Nullable JsonNode node, String file) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new CatalogException(file + ": empty file; expected a mapping with 'models'");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CatalogException(file + ": expected a mapping with 'models', got " + node.getNodeType());
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_FIELDS.contains(field)) {
                throw new CatalogException(
                        file + ": unknown top-level field '" + field + "'; accepted: " + String.join(", ", TOP_FIELDS));
            }
        }
        return object;
    }

    private static void markOrigin(ObjectNode root, String file, Map<String, String> origin) {
        for (JsonNode entry : modelsOf(root, file)) {
            origin.putIfAbsent(entry.path("id").asText(), file);
        }
    }

    private static ArrayNode modelsOf(ObjectNode root, String file) {
        JsonNode models = root.get("models");
        if (models == null) {
            return YAML.createArrayNode();
        }
        if (!(models instanceof ArrayNode array)) {
            throw new CatalogException(file + ": 'models' must be a list of model entries");
        }
        return array;
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode user, String file, Map<String, String> origin) {
        ObjectNode merged = base.deepCopy();
        if (user.has("rateLimitTier")) {
            merged.set("rateLimitTier", user.get("rateLimitTier"));
        }
        ArrayNode models = modelsOf(merged, "bundled catalog");
        Set<String> seen = new HashSet<>();
        int index = 0;
        for (JsonNode entry : modelsOf(user, file)) {
            String where = file + ": models[" + index++ + "]";
            if (!(entry instanceof ObjectNode object)) {
                throw new CatalogException(where + ": expected a mapping with at least 'id'");
            }
            JsonNode id = object.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new CatalogException(where + ": field 'id': required, a non-empty model id");
            }
            if (!seen.add(id.asText())) {
                throw new CatalogException(file + ": model '" + id.asText() + "': duplicate id");
            }
            origin.put(id.asText(), file);
            ObjectNode existing = null;
            for (JsonNode candidate : models) {
                if (id.asText().equals(candidate.path("id").asText())) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                models.add(object.deepCopy());
            } else {
                deepMerge(existing, object);
            }
        }
        return merged;
    }

    private static void deepMerge(ObjectNode target, ObjectNode overlay) {
        overlay.properties().forEach(field -> {
            JsonNode current = target.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode overlayObject) {
                deepMerge(currentObject, overlayObject);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static Catalog build(ObjectNode root, Map<String, String> origin, List<String> sources) {
        String allFiles = String.join(" + ", sources);
        int rateLimitTier = 1;
        JsonNode tierNode = root.get("rateLimitTier");
        if (tierNode != null) {
            if (!tierNode.canConvertToInt() || tierNode.asInt() < 1 || tierNode.asInt() > 5) {
                throw new CatalogException(
                        allFiles + ": field 'rateLimitTier': expected an account tier 1 to 5, got " + tierNode);
            }
            rateLimitTier = tierNode.asInt();
        }
        List<ModelSpec> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode entry : modelsOf(root, allFiles)) {
            String id = entry.path("id").asText("");
            String file = origin.getOrDefault(id, allFiles);
            Entry e = new Entry(file + ": " + (id.isBlank() ? "models[" + index + "]" : "model '" + id + "'"), entry);
            index++;
            ModelSpec spec = e.toModel();
            if (!ids.add(spec.id())) {
                throw new CatalogException(e.where + ": duplicate id");
            }
            models.add(spec);
        }
        try {
            return new Catalog(models, rateLimitTier, sources);
        } catch (IllegalArgumentException ex) {
            throw new CatalogException(allFiles + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Checks that every fallback names a known model and that fallbacks form no cycle.
     *
     * @throws CatalogException naming the model and the cycle
     */
    public static void checkFallbacks(Map<String, ModelSpec> byId, String file) {
        for (ModelSpec model : byId.values()) {
            for (String fallback : model.fallbacks()) {
                if (!byId.containsKey(fallback)) {
                    throw new CatalogException(file + ": model '" + model.id() + "': field 'fallbacks': unknown model '"
                            + fallback + "'; known models: " + String.join(", ", byId.keySet()));
                }
            }
        }
        Set<String> done = new HashSet<>();
        for (String start : byId.keySet()) {
            findCycle(start, byId, new LinkedHashSet<>(), done, file);
        }
    }

    private static void findCycle(
            String id, Map<String, ModelSpec> byId, LinkedHashSet<String> path, Set<String> done, String file) {
        if (done.contains(id)) {
            return;
        }
        if (!path.add(id)) {
            List<String> cycle = new ArrayList<>(path);
            cycle = cycle.subList(cycle.indexOf(id), cycle.size());
            cycle.add(id);
            throw new CatalogException(file + ": model '" + id + "': field 'fallbacks': fallback cycle "
                    + String.join(" -> ", cycle) + "; fallbacks must end at a model without fallbacks");
        }
        for (String next : byId.get(id).fallbacks()) {
            findCycle(next, byId, path, done, file);
        }
        path.remove(id);
        done.add(id);
    }

    /** One model entry being read; {@code where} prefixes every error. */
    private record Entry(String where, JsonNode node) {

        ModelSpec toModel() {
            if (!(node instanceof ObjectNode)) {
                throw fail("", "expected a mapping of model fields, got " + node.getNodeType());
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!MODEL_FIELDS.contains(field)) {
                    throw fail(field, "unknown field; accepted: " + String.join(", ", sorted(MODEL_FIELDS)));
                }
            });
            String id = text("id", null);
            Tier tier = parse("tier", text("tier", null), Tier::parse);
            BigDecimal input = money("prices.input");
            BigDecimal cached = optionalMoney("prices.cachedInput", input);
            BigDecimal output = money("prices.output");
            if (cached.compareTo(input) > 0) {
                throw fail(
                        "prices.cachedInput",
                        "must not exceed prices.input " + input.toPlainString() + ", got " + cached.toPlainString());
            }
            LongContextTier longContext = longContext();
            Map<String, BigDecimal> toolFees = new LinkedHashMap<>();
            JsonNode fees = node.path("toolFees");
            fees.fieldNames().forEachRemaining(tool -> toolFees.put(tool, money("toolFees." + tool)));
            long contextWindow = positiveLong("contextWindow", null);
            long maxOutput = positiveLong("maxOutputTokens", null);
            if (maxOutput > contextWindow) {
                throw fail("maxOutputTokens", "must not exceed contextWindow " + contextWindow + ", got " + maxOutput);
            }
            Set<Modality> modalities = EnumSet.noneOf(Modality.class);
            for (String m : list("inputModalities", List.of("text"))) {
                modalities.add(parse("inputModalities", m, Modality::parse));
            }
            if (!modalities.contains(Modality.TEXT)) {
                throw fail("inputModalities", "must include text, got " + modalities);
            }
            Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
            for (String c : list("capabilities", List.of())) {
                capabilities.add(parse("capabilities", c, Capability::parse));
            }
            BigDecimal quotaWeight = optionalMoney("quotaWeight", BigDecimal.ONE);
            Map<String, BigDecimal> quality = new LinkedHashMap<>();
            node.path("quality").fieldNames().forEachRemaining(family -> {
                BigDecimal score = money("quality." + family);
                if (score.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw fail("quality." + family, "a score in percent, 0 to 100, got " + score.toPlainString());
                }
                quality.put(family, score);
            });
            Map<Integer, RateLimit> rateLimits = new LinkedHashMap<>();
            node.path("rateLimits").fieldNames().forEachRemaining(accountTier -> {
                String field = "rateLimits." + accountTier;
                int t;
                try {
                    t = Integer.parseInt(accountTier);
                } catch (NumberFormatException e) {
                    throw fail(field, "account tiers are 1 to 5, got '" + accountTier + "'");
                }
                if (t < 1 || t > 5) {
                    throw fail(field, "account tiers are 1 to 5, got " + t);
                }
                rateLimits.put(
                        t, new RateLimit(positiveLong(field + ".rpm", null), positiveLong(field + ".tpm", null)));
            });
            LatencyProfile latency = new LatencyProfile(
                    nonNegativeLong("latency.ttftMs", 800L), positiveDouble("latency.outputTokensPerSecond", 80.0));
            Endpoint endpoint = endpoint();
            boolean autoRoute = bool("autoRoute", true);
            List<String> fallbacks = list("fallbacks", List.of());
            Set<String> assumed = new LinkedHashSet<>(list("assumed", List.of()));
            try {
                return new ModelSpec(
                        id,
                        tier,
                        autoRoute,
                        new Prices(input, cached, output, longContext, toolFees),
                        contextWindow,
                        maxOutput,
                        modalities,
                        capabilities,
                        quotaWeight,
                        quality,
                        rateLimits,
                        latency,
                        endpoint,
                        fallbacks,
                        assumed);
            } catch (IllegalArgumentException e) {
                throw new CatalogException(where + ": " + e.getMessage(), e);
            }
        }

        private @Nullable LongContextTier longContext() {
            JsonNode lc = node.get("longContext");
            if (lc == null || lc.isNull()) {
                return null;
            }
            long above = positiveLong("longContext.aboveInputTokens", null);
            BigDecimal in = money("longContext.inputMultiplier");
            BigDecimal out = money("longContext.outputMultiplier");
            if (in.compareTo(BigDecimal.ONE) < 0 || out.compareTo(BigDecimal.ONE) < 0) {
                throw fail(
                        "longContext",
                        "multipliers must be at least 1, got input " + in.toPlainString() + " and output "
                                + out.toPlainString());
            }
            return new LongContextTier(above, in, out);
        }

        private Endpoint endpoint() {
            JsonNode e = node.get("endpoint");
            if (e == null || e.isNull()) {
                return Endpoint.OPENAI;
            }
            String url = text("endpoint.baseUrl", null);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException ex) {
                throw fail("endpoint.baseUrl", "not a URL: '" + url + "'");
            }
            JsonNode keyEnv = e.get("apiKeyEnv");
            String apiKeyEnv = keyEnv == null || keyEnv.isNull() ? null : text("endpoint.apiKeyEnv", null);
            WireApi api = parse("endpoint.api", text("endpoint.api", "chat_completions"), WireApi::parse);
            try {
                return new Endpoint(uri, apiKeyEnv, api);
            } catch (IllegalArgumentException ex) {
                throw fail("endpoint", ex.getMessage());
            }
        }

        private JsonNode at(String path) {
            JsonNode current = node;
            for (String part : path.split("\\.")) {
                current = current.path(part);
            }
            return current;
        }

        private String text(String path, @Nullable String fallback) {
            JsonNode value = at(path);
            if (value.isMissingNode() || value.isNull()) {
                if (fallback == null) {
                    throw fail(path, "required but missing");
                }
                return fallback;
            }
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw fail(path, "expected a non-empty string, got " + value);
            }
            return value.asText();
        }

        private BigDecimal money(String path) {
            JsonNode value = at(path);
            if (value.isMissingNode() || value.isNull()) {
                throw fail(path, "required but missing");
            }
            return nonNegativeDecimal(path, value);
        }

        private BigDecimal optionalMoney(String path, BigDecimal fallback) {
            JsonNode value = at(path);
            return value.isMissingNode() || value.isNull() ? fallback : nonNegativeDecimal(path, value);
        }

        private BigDecimal nonNegativeDecimal(String path, JsonNode value) {
            if (!value.isNumber()) {
                throw fail(path, "expected a number, got " + value);
            }
            // Floats are read as BigDecimal (USE_BIG_DECIMAL_FOR_FLOATS), so 0.075 stays exactly 0.075.
            BigDecimal number = value.decimalValue();
            if (number.signum() < 0) {
                throw fail(path, "must not be negative, got " + number.toPlainString());
            }
            return number;
        }

        private long positiveLong(String path, @Nullable Long fallback) {
            long value = nonNegativeLong(path, fallback);
            if (value == 0) {
                throw fail(path, "must be positive, got 0");
            }
            return value;
        }

        private long nonNegativeLong(String path, @Nullable Long fallback) {
            JsonNode value = at(path);
            if (value.isMissingNode() || value.isNull()) {
                if (fallback == null) {
                    throw fail(path, "required but missing");
                }
                return fallback;
            }
            if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                throw fail(path, "expected a whole number, got " + value);
            }
            if (value.asLong() < 0) {
                throw fail(path, "must not be negative, got " + value.asLong());
            }
            return value.asLong();
        }

        private double positiveDouble(String path, double fallback) {
            JsonNode value = at(path);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isNumber() || !(value.asDouble() > 0)) {
                throw fail(path, "expected a positive number, got " + value);
            }
            return value.asDouble();
        }

        private boolean bool(String path, boolean fallback) {
            JsonNode value = at(path);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw fail(path, "expected true or false, got " + value);
            }
            return value.asBoolean();
        }

        private List<String> list(String path, List<String> fallback) {
            JsonNode value = at(path);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isArray()) {
                throw fail(path, "expected a list, got " + value);
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    throw fail(path, "expected a list of names, got " + value);
                }
                items.add(item.asText());
            }
            return items;
        }

        private <T> T parse(String path, String value, Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw fail(path, e.getMessage());
            }
        }

        private CatalogException fail(String field, String message) {
            return new CatalogException(where + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + message);
        }

        private static List<String> sorted(Set<String> names) {
            return names.stream().sorted().toList();
        }
    }
}
