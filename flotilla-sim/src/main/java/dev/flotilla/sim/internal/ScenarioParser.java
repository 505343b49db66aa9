package dev.flotilla.sim.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flotilla.provider.ProviderException;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.sim.Fault;
import dev.flotilla.sim.Scenario;
import dev.flotilla.sim.ScenarioException;
import dev.flotilla.sim.ScenarioRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Reads scenario YAML; every error names the source, the rule and the field. */
public final class ScenarioParser {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> TOP_FIELDS =
            Set.of("version", "rateLimits", "rateLimitTier", "faultRates", "rules");
    private static final Set<String> RULE_FIELDS =
            Set.of("name", "match", "times", "reply", "toolCalls", "fault", "delayMs", "outputTokens");
    private static final Set<String> MATCH_FIELDS = Set.of("model", "taskKind", "prompt", "promptRegex");
    private static final Set<String> REPLY_FIELDS = Set.of("text", "json");
    private static final Set<String> TOOL_CALL_FIELDS = Set.of("name", "arguments");
    private static final Set<String> FAULT_FIELDS =
            Set.of("type", "retryAfterMs", "limit", "status", "delayMs", "afterMs", "afterFraction");

    private ScenarioParser() {}

    /** Reads a scenario file. */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses scenario YAML read from {@code source}. */
    public static Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ScenarioException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Scenario(source, List.of(), Map.of(), true, null);
        }
        if (!root.isObject()) {
            throw new ScenarioException(source + ": a scenario is a mapping with 'rules' (and optionally"
                    + " 'faultRates', 'rateLimits', 'rateLimitTier'), got " + root.getNodeType());
        }
        Where top = new Where(source, "");
        top.checkFields(root, TOP_FIELDS);
        JsonNode version = root.get("version");
        if (version != null && !(version.canConvertToInt() && version.asInt() == 1)) {
            throw top.error("version", version, "1");
        }
        boolean rateLimits = true;
        JsonNode limits = root.get("rateLimits");
        if (limits != null) {
            if (!limits.isBoolean()) {
                throw top.error("rateLimits", limits, "true or false");
            }
            rateLimits = limits.booleanValue();
        }
        Integer tier = null;
        JsonNode tierNode = root.get("rateLimitTier");
        if (tierNode != null) {
            if (!tierNode.canConvertToInt()
                    || !tierNode.isIntegralNumber()
                    || tierNode.asInt() < 1
                    || tierNode.asInt() > 5) {
                throw top.error("rateLimitTier", tierNode, "an account tier 1 to 5");
            }
            tier = tierNode.asInt();
        }
        Map<Fault.Kind, Double> rates = new EnumMap<>(Fault.Kind.class);
        JsonNode rateNode = root.get("faultRates");
        if (rateNode != null) {
            if (!rateNode.isObject()) {
                throw top.error("faultRates", rateNode, "a mapping of fault name to a chance 0 to 1");
            }
            double sum = 0;
            for (Map.Entry<String, JsonNode> entry : rateNode.properties()) {
                Fault.Kind kind;
                try {
                    kind = Fault.Kind.parse(entry.getKey());
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(source + ": faultRates: " + e.getMessage());
                }
                JsonNode value = entry.getValue();
                if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
                    throw top.error("faultRates." + entry.getKey(), value, "a chance between 0 and 1");
                }
                rates.put(kind, value.asDouble());
                sum += value.asDouble();
            }
            if (sum > 1 + 1e-9) {
                throw new ScenarioException(
                        source + ": faultRates add up to " + sum + "; they must add up to at most 1");
            }
        }
        List<ScenarioRule> rules = new ArrayList<>();
        JsonNode ruleNodes = root.get("rules");
        if (ruleNodes != null && !ruleNodes.isNull()) {
            if (!ruleNodes.isArray()) {
                throw top.error("rules", ruleNodes, "a list of rules");
            }
            for (int i = 0; i < ruleNodes.size(); i++) {
                rules.add(parseRule(ruleNodes.get(i), source, i + 1));
            }
        }
        return new Scenario(source, rules, rates, rateLimits, tier);
    }

    private static ScenarioRule parseRule(JsonNode node, String source, int number) {
        String label = "rule " + number;
        if (!node.isObject()) {
            throw new ScenarioException(source + ": " + label + ": a rule is a mapping with 'match' and what to do"
                    + " (reply, toolCalls, fault, delayMs), got " + node.getNodeType());
        }
        JsonNode nameNode = node.get("name");
        if (nameNode != null) {
            if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
                throw new Where(source, label).error("name", nameNode, "a non-empty string");
            }
            label = label + " '" + nameNode.asText() + "'";
        }
        Where where = new Where(source, label);
        where.checkFields(node, RULE_FIELDS);

        String model = null;
        TaskKind taskKind = null;
        String prompt = null;
        Pattern regex = null;
        JsonNode match = node.get("match");
        if (match != null) {
            if (!match.isObject()) {
                throw where.error("match", match, "a mapping of model, taskKind, prompt, promptRegex");
            }
            Where inMatch = where.in("match");
            inMatch.checkFields(match, MATCH_FIELDS);
            model = inMatch.optionalText(match, "model");
            String kind = inMatch.optionalText(match, "taskKind");
            if (kind != null) {
                try {
                    taskKind = TaskKind.parse(kind);
                } catch (IllegalArgumentException e) {
                    throw inMatch.error("taskKind", match.get("taskKind"), "one of " + TaskKind.accepted());
                }
            }
            prompt = inMatch.optionalText(match, "prompt");
            String pattern = inMatch.optionalText(match, "promptRegex");
            if (pattern != null) {
                try {
                    regex = Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new ScenarioException(inMatch.prefix("promptRegex") + "not a valid regular expression '"
                            + pattern + "': " + e.getDescription());
                }
            }
        }
        int times = (int) where.optionalCount(node, "times", 0, Integer.MAX_VALUE);
        String replyText = null;
        JsonNode replyJson = null;
        JsonNode reply = node.get("reply");
        if (reply != null) {
            if (reply.isTextual()) {
                replyText = reply.asText();
            } else if (reply.isObject()) {
                Where inReply = where.in("reply");
                inReply.checkFields(reply, REPLY_FIELDS);
                if (reply.has("text") == reply.has("json")) {
                    throw new ScenarioException(
                            inReply.prefix("") + "give exactly one of 'text' (the answer) or 'json' (a JSON answer)");
                }
                if (reply.has("text")) {
                    replyText = inReply.optionalText(reply, "text");
                } else {
                    replyJson = reply.get("json");
                }
            } else {
                throw where.error("reply", reply, "a text, or a mapping with 'text' or 'json'");
            }
        }
        List<ScenarioRule.ScriptedToolCall> toolCalls = new ArrayList<>();
        JsonNode calls = node.get("toolCalls");
        if (calls != null) {
            if (!calls.isArray()) {
                throw where.error("toolCalls", calls, "a list of {name, arguments}");
            }
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                Where inCall = where.in("toolCalls[" + i + "]");
                if (!call.isObject()) {
                    throw new ScenarioException(inCall.prefix("") + "a tool call is a mapping with 'name' and"
                            + " optionally 'arguments', got " + call.getNodeType());
                }
                inCall.checkFields(call, TOOL_CALL_FIELDS);
                String name = inCall.optionalText(call, "name");
                if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw inCall.error("name", call.get("name"), "a function name matching [A-Za-z0-9_-]{1,64}");
                }
                JsonNode arguments = call.get("arguments");
                if (arguments != null && !arguments.isObject()) {
                    throw inCall.error("arguments", arguments, "a mapping (the JSON arguments object)");
                }
                toolCalls.add(new ScenarioRule.ScriptedToolCall(name, arguments));
            }
        }
        Fault fault = null;
        JsonNode faultNode = node.get("fault");
        if (faultNode != null) {
            fault = parseFault(faultNode, where);
        }
        Duration delay = Duration.ofMillis(where.optionalCount(node, "delayMs", 0, Long.MAX_VALUE));
        long outputTokens = where.optionalCount(node, "outputTokens", 0, Long.MAX_VALUE);
        if (replyText == null
                && replyJson == null
                && toolCalls.isEmpty()
                && fault == null
                && delay.isZero()
                && outputTokens == 0) {
            throw new ScenarioException(
                    where.prefix("") + "the rule does nothing: give reply, toolCalls, fault, delayMs or outputTokens");
        }
        return new ScenarioRule(
                label,
                model,
                taskKind,
                prompt,
                regex,
                times,
                replyText,
                replyJson,
                toolCalls,
                fault,
                delay,
                outputTokens);
    }

    private static Fault parseFault(JsonNode node, Where rule) {
        Where where = rule.in("fault");
        String type;
        JsonNode params;
        if (node.isTextual()) {
            type = node.asText();
            params = YAML.createObjectNode();
        } else if (node.isObject()) {
            where.checkFields(node, FAULT_FIELDS);
            type = where.optionalText(node, "type");
            if (type == null) {
                throw new ScenarioException(where.prefix("type") + "missing; accepted: " + Fault.Kind.accepted());
            }
            params = node;
        } else {
            throw rule.error("fault", node, "a fault name or a mapping with 'type'");
        }
        Fault.Kind kind;
        try {
            kind = Fault.Kind.parse(type);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where.prefix("type") + e.getMessage());
        }
        Fault defaults = Fault.withDefaults(kind);
        return switch (defaults) {
            case Fault.RateLimited d -> {
                long retryMs = where.optionalCount(params, "retryAfterMs", 0, Long.MAX_VALUE);
                String limit = where.optionalText(params, "limit");
                ProviderException.LimitKind limitKind = d.limit();
                if (limit != null) {
                    limitKind = switch (limit) {
                        case "requests" -> ProviderException.LimitKind.REQUESTS;
                        case "tokens" -> ProviderException.LimitKind.TOKENS;
                        default -> throw where.error("limit", params.get("limit"), "requests or tokens");
                    };
                }
                yield new Fault.RateLimited(
                        params.has("retryAfterMs") ? Duration.ofMillis(retryMs) : d.retryAfter(), limitKind);
            }
            case Fault.ServerError d -> {
                long status = where.optionalCount(params, "status", 0, Long.MAX_VALUE);
                if (params.has("status") && (status < 500 || status > 599)) {
                    throw where.error("status", params.get("status"), "an HTTP status 500 to 599");
                }
                yield params.has("status") ? new Fault.ServerError((int) status) : d;
            }
            case Fault.SlowHeaders d ->
                params.has("delayMs")
                        ? new Fault.SlowHeaders(
                                Duration.ofMillis(where.optionalCount(params, "delayMs", 0, Long.MAX_VALUE)))
                        : d;
            case Fault.Timeout d ->
                params.has("afterMs")
                        ? new Fault.Timeout(
                                Duration.ofMillis(where.optionalCount(params, "afterMs", 0, Long.MAX_VALUE)))
                        : d;
            case Fault.BrokenStream d ->
                params.has("afterFraction") ? new Fault.BrokenStream(where.fraction(params, "afterFraction")) : d;
            case Fault.StreamError d ->
                params.has("afterFraction") ? new Fault.StreamError(where.fraction(params, "afterFraction")) : d;
            case Fault.InsufficientQuota d -> d;
            case Fault.MalformedJson d -> d;
            case Fault.ContextTooLong d -> d;
        };
    }

    /** Where in the file a value sits: source, rule (may be empty) and field path (may be empty). */
    private record Where(String source, String rule, String path) {
        Where(String source, String rule) {
            this(source, rule, "");
        }

        Where in(String field) {
            return new Where(source, rule, path.isEmpty() ? field : path + "." + field);
        }

        String prefix(String field) {
            String full = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
            return source + ": " + (rule.isEmpty() ? "" : rule + ": ") + (full.isEmpty() ? "" : full + ": ");
        }

        ScenarioException error(String field, @Nullable JsonNode value, String accepted) {
            return new ScenarioException(prefix(field) + "invalid value " + show(value) + "; accepted: " + accepted);
        }

        void checkFields(JsonNode node, Set<String> known) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new ScenarioException(prefix(name) + "unknown field; accepted: "
                            + known.stream().sorted().toList());
                }
            }
        }

        @Nullable
        String optionalText(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual() && !value.isNumber()) {
                throw error(field, value, "a string");
            }
            return value.asText();
        }

        long optionalCount(JsonNode node, String field, long min, long max) {
            JsonNode value = node.get(field);
            if (value == null) {
                return min;
            }
            if (!value.isIntegralNumber()
                    || !value.canConvertToLong()
                    || value.asLong() < min
                    || value.asLong() > max) {
                throw error(field, value, "a whole number >= " + min);
            }
            return value.asLong();
        }

        double fraction(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
                throw error(field, value, "a fraction between 0 and 1");
            }
            return value.asDouble();
        }

        private static String show(@Nullable JsonNode value) {
            if (value == null) {
                return "(missing)";
            }
            return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
        }
    }
}
