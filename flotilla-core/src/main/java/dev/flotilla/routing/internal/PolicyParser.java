package dev.flotilla.routing.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flotilla.catalog.Tier;
import dev.flotilla.routing.KindRule;
import dev.flotilla.routing.Policies;
import dev.flotilla.routing.Policy;
import dev.flotilla.routing.PolicyException;
import dev.flotilla.routing.Qualification;
import dev.flotilla.routing.TaskKind;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code routing:} section of policy files. The user's file is applied over the bundled
 * one: a known policy name overrides the fields and kinds it gives, a new name must list every kind
 * or {@code extends} another policy. Every error names the file, the policy and the field.
 */
public final class PolicyParser {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final List<String> ROUTING_FIELDS = List.of("defaultPolicy", "policies");
    private static final List<String> POLICY_FIELDS =
            List.of("description", "extends", "coolDownSeconds", "maxWaitSeconds", "kinds");
    private static final List<String> RULE_FIELDS = List.of("tiers", "minQuality", "downgradeTo");

    private PolicyParser() {}

    /** A policy while files are merged: every field optional until built. */
    private static final class Draft {
        @Nullable
        String description;

        @Nullable
        Duration coolDown;

        @Nullable
        Duration maxWait;

        final Map<TaskKind, KindRule> rules = new EnumMap<>(TaskKind.class);
        final String origin;

        Draft(String origin) {
            this.origin = origin;
        }
    }

    /** Loads the bundled policies and, when given, the user's config over them. */
    public static Policies load(@Nullable Path configFile) {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        String[] defaultName = {"balanced"};
        apply(readBundled(), "bundled policies", drafts, defaultName);
        if (configFile != null) {
            apply(readFile(configFile), configFile.toString(), drafts, defaultName);
        }
        List<Policy> policies = new ArrayList<>();
        for (Map.Entry<String, Draft> entry : drafts.entrySet()) {
            Draft draft = entry.getValue();
            try {
                policies.add(new Policy(
                        entry.getKey(),
                        draft.description == null ? "" : draft.description,
                        draft.rules,
                        draft.coolDown == null ? Duration.ofSeconds(60) : draft.coolDown,
                        draft.maxWait == null ? Duration.ofSeconds(10) : draft.maxWait));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(
                        draft.origin + ": " + e.getMessage()
                                + " (list them, or say 'extends: <policy>' to take the rest)",
                        e);
            }
        }
        try {
            return new Policies(policies, defaultName[0]);
        } catch (PolicyException e) {
            throw new PolicyException(
                    (configFile == null ? "bundled policies" : configFile.toString()) + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readBundled() {
        try (InputStream in = Policies.class.getResourceAsStream(Policies.BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new PolicyException("bundled policies missing from the classpath: " + Policies.BUNDLED_RESOURCE);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new PolicyException("bundled policies: cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            JsonNode node = YAML.readTree(Files.readString(file));
            return node == null ? YAML.createObjectNode() : node;
        } catch (JacksonException e) {
            throw new PolicyException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void apply(JsonNode root, String file, Map<String, Draft> drafts, String[] defaultName) {
        if (root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!(root instanceof ObjectNode top)) {
            throw new PolicyException(file + ": expected a mapping, got " + root.getNodeType());
        }
        JsonNode routing = top.get("routing");
        if (routing == null || routing.isNull()) {
            return; // the file configures other features only
        }
        ObjectNode section = object(routing, file + ": routing");
        checkFields(section, ROUTING_FIELDS, file + ": routing");
        JsonNode policies = section.get("policies");
        if (policies != null && !policies.isNull()) {
            ObjectNode byName = object(policies, file + ": routing.policies");
            for (Map.Entry<String, JsonNode> entry : byName.properties()) {
                applyPolicy(entry.getKey(), entry.getValue(), file, drafts);
            }
        }
        JsonNode def = section.get("defaultPolicy");
        if (def != null && !def.isNull()) {
            if (!def.isTextual()) {
                throw new PolicyException(file + ": routing.defaultPolicy: expected a policy name, got " + def);
            }
            if (!drafts.containsKey(def.asText())) {
                throw new PolicyException(file + ": routing.defaultPolicy: unknown policy '" + def.asText()
                        + "'; accepted: " + String.join(", ", drafts.keySet()));
            }
            defaultName[0] = def.asText();
        }
    }

    private static void applyPolicy(String name, JsonNode node, String file, Map<String, Draft> drafts) {
        String where = file + ": policy '" + name + "'";
        if (name.isBlank() || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new PolicyException(where + ": a policy name uses letters, digits, '_', '.' and '-'");
        }
        ObjectNode body = object(node, where);
        checkFields(body, POLICY_FIELDS, where);
        Draft draft = drafts.get(name);
        if (draft == null) {
            draft = new Draft(where);
            JsonNode parent = body.get("extends");
            if (parent != null && !parent.isNull()) {
                Draft base = drafts.get(parent.asText());
                if (!parent.isTextual() || base == null) {
                    throw new PolicyException(where + ": extends: unknown policy '" + parent.asText() + "'; accepted: "
                            + String.join(", ", drafts.keySet()));
                }
                draft.description = base.description;
                draft.coolDown = base.coolDown;
                draft.maxWait = base.maxWait;
                draft.rules.putAll(base.rules);
            }
            drafts.put(name, draft);
        } else if (body.has("extends")) {
            throw new PolicyException(where + ": extends: only a new policy can extend another; '" + name
                    + "' already exists (its fields and kinds given here override it)");
        }
        JsonNode description = body.get("description");
        if (description != null && !description.isNull()) {
            draft.description = description.asText();
        }
        Duration coolDown = seconds(body, "coolDownSeconds", where);
        if (coolDown != null) {
            draft.coolDown = coolDown;
        }
        Duration maxWait = seconds(body, "maxWaitSeconds", where);
        if (maxWait != null) {
            draft.maxWait = maxWait;
        }
        JsonNode kinds = body.get("kinds");
        if (kinds != null && !kinds.isNull()) {
            ObjectNode byKind = object(kinds, where + ": kinds");
            for (Map.Entry<String, JsonNode> entry : byKind.properties()) {
                TaskKind kind;
                try {
                    kind = TaskKind.parse(entry.getKey());
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(where + ": kinds: " + e.getMessage(), e);
                }
                draft.rules.put(kind, rule(entry.getValue(), where + ": kinds." + kind.wireName()));
            }
        }
    }

    private static @Nullable Duration seconds(ObjectNode body, String field, String where) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new PolicyException(where + ": " + field + ": expected a whole number of seconds >= 0, got " + node);
        }
        return Duration.ofSeconds(node.asLong());
    }

    private static KindRule rule(JsonNode node, String where) {
        ObjectNode body = object(node, where);
        checkFields(body, RULE_FIELDS, where);
        JsonNode tiers = body.get("tiers");
        JsonNode minQuality = body.get("minQuality");
        if ((tiers == null) == (minQuality == null)) {
            throw new PolicyException(
                    where + ": give exactly one of 'tiers' (e.g. [mini]) or 'minQuality' (a score from 0 to 100)");
        }
        Qualification qualification;
        try {
            if (tiers != null) {
                qualification = new Qualification.Tiers(List.copyOf(tierList(tiers, where + ".tiers")));
            } else {
                if (!minQuality.isNumber()) {
                    throw new PolicyException(where + ".minQuality: expected a score from 0 to 100, got " + minQuality);
                }
                qualification = new Qualification.MinQuality(new BigDecimal(minQuality.asText()));
            }
        } catch (IllegalArgumentException e) {
            throw new PolicyException(where + ": " + e.getMessage(), e);
        }
        JsonNode downgrade = body.get("downgradeTo");
        Set<Tier> downgradeTo = downgrade == null || downgrade.isNull()
                ? Set.of()
                : Set.copyOf(tierList(downgrade, where + ".downgradeTo"));
        return new KindRule(qualification, downgradeTo);
    }

    private static List<Tier> tierList(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new PolicyException(where + ": expected a list of tiers (nano, mini, flagship), got " + node);
        }
        List<Tier> tiers = new ArrayList<>();
        for (JsonNode item : node) {
            try {
                tiers.add(Tier.parse(item.asText()));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(where + ": " + e.getMessage(), e);
            }
        }
        return tiers;
    }

    private static ObjectNode object(JsonNode node, String where) {
        if (!(node instanceof ObjectNode object)) {
            throw new PolicyException(where + ": expected a mapping, got " + node.getNodeType());
        }
        return object;
    }

    private static void checkFields(ObjectNode node, List<String> accepted, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!accepted.contains(field)) {
                throw new PolicyException(
                        where + ": unknown field '" + field + "'; accepted: " + String.join(", ", accepted));
            }
        }
    }
}
