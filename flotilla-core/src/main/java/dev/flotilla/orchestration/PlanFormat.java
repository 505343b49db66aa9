package dev.flotilla.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.catalog.Catalog;
import dev.flotilla.routing.TaskKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan's wire form: the JSON Schema the flagship answers in (strict structured output), and
 * the parser that turns its answer into a validated {@link Plan} or the list of reasons it is not
 * one.
 */
public final class PlanFormat {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Catalog catalog;
    private final Set<String> outputNames;
    private final int maxSubtasks;

    /**
     * Creates a plan format.
     *
     * @param catalog the models a model hint may name
     * @param outputNames the output schemas a subtask may promise besides {@code text}
     * @param maxSubtasks the fan-out cap: the most subtasks one plan may hold
     * @throws IllegalArgumentException when {@code maxSubtasks} is not positive
     */
    public PlanFormat(Catalog catalog, Set<String> outputNames, int maxSubtasks) {
        if (maxSubtasks <= 0) {
            throw new IllegalArgumentException("maxSubtasks must be positive, got " + maxSubtasks);
        }
        this.catalog = catalog;
        Set<String> names = new HashSet<>(outputNames);
        names.add(Subtask.TEXT_OUTPUT);
        this.outputNames = Set.copyOf(names);
        this.maxSubtasks = maxSubtasks;
    }

    /** The task kinds a planner may assign to subtasks: every kind but plan and judge. */
    public static List<TaskKind> workerKinds() {
        return java.util.Arrays.stream(TaskKind.values())
                .filter(k -> !k.isCoordinator())
                .toList();
    }

    /** The JSON Schema of a plan, valid for strict structured output (every field required). */
    public ObjectNode schema() {
        ObjectNode subtask = JSON.objectNode();
        subtask.put("type", "object");
        subtask.put("additionalProperties", false);
        ObjectNode props = subtask.putObject("properties");
        props.putObject("id").put("type", "string").put("description", "short unique id, e.g. s1");
        ArrayNode kinds = props.putObject("kind").put("type", "string").putArray("enum");
        workerKinds().forEach(k -> kinds.add(k.wireName()));
        props.putObject("brief")
                .put("type", "string")
                .put("description", "everything the sub-agent needs to know: it sees nothing else");
        props.putObject("inputs").put("type", "array").putObject("items").put("type", "string");
        props.putObject("depends_on").put("type", "array").putObject("items").put("type", "string");
        ArrayNode outputs =
                props.putObject("expected_output").put("type", "string").putArray("enum");
        outputNames.stream().sorted().forEach(outputs::add);
        props.putObject("model_hint").putArray("type").add("string").add("null");
        ArrayNode required = subtask.putArray("required");
        props.fieldNames().forEachRemaining(required::add);

        ObjectNode plan = JSON.objectNode();
        plan.put("type", "object");
        plan.put("additionalProperties", false);
        ObjectNode planProps = plan.putObject("properties");
        planProps.putObject("rationale").put("type", "string");
        ObjectNode list = planProps.putObject("subtasks");
        list.put("type", "array");
        list.put("minItems", 1);
        list.put("maxItems", maxSubtasks);
        list.set("items", subtask);
        plan.putArray("required").add("rationale").add("subtasks");
        return plan;
    }

    /** The result of reading a planner's answer. */
    public sealed interface Parsed {
        /** A valid plan. */
        record Valid(Plan plan) implements Parsed {}

        /** Not a valid plan; each reason names the subtask and field. */
        record Invalid(List<String> reasons) implements Parsed {}
    }

    /** Reads a planner's answer text (JSON) into a plan, checking every rule. */
    public Parsed parse(String answer, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(answer);
        } catch (Exception e) {
            return new Parsed.Invalid(List.of("the answer is not JSON: " + e.getMessage()));
        }
        if (root == null || !root.isObject() || !root.path("subtasks").isArray()) {
            return new Parsed.Invalid(List.of("the answer must be an object with a 'subtasks' array"));
        }
        List<String> reasons = new ArrayList<>();
        List<Subtask> subtasks = new ArrayList<>();
        JsonNode items = root.get("subtasks");
        if (items.isEmpty()) {
            reasons.add("the plan has no subtasks");
        }
        if (items.size() > maxSubtasks) {
            reasons.add("the plan has " + items.size() + " subtasks; the fan-out cap is " + maxSubtasks);
        }
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode item : items) {
            String where = "subtasks[" + index++ + "]";
            String id = item.path("id").asText("");
            if (id.isBlank()) {
                reasons.add(where + ": 'id' is missing");
                continue;
            }
            where = "subtask '" + id + "'";
            if (!ids.add(id)) {
                reasons.add(where + ": duplicate id");
            }
            TaskKind kind = null;
            try {
                kind = TaskKind.parse(item.path("kind").asText(""));
                if (kind.isCoordinator()) {
                    reasons.add(where + ": 'kind' " + kind.wireName() + " is the flagship's own work; use one of "
                            + workerKindNames());
                }
            } catch (IllegalArgumentException e) {
                reasons.add(where + ": 'kind' " + e.getMessage());
            }
            String brief = item.path("brief").asText("");
            if (brief.isBlank()) {
                reasons.add(where + ": 'brief' is empty; it is the sub-agent's whole context");
            }
            String output = item.path("expected_output").asText(Subtask.TEXT_OUTPUT);
            if (!outputNames.contains(output)) {
                reasons.add(where + ": 'expected_output' '" + output + "' is unknown; accepted: "
                        + String.join(", ", outputNames.stream().sorted().toList()));
            }
            JsonNode hintNode = item.path("model_hint");
            String hint = hintNode.isTextual() && !hintNode.asText().isBlank() ? hintNode.asText() : null;
            if (hint != null && catalog.find(hint).isEmpty()) {
                reasons.add(where + ": 'model_hint' '" + hint + "' is not in the catalog; known: "
                        + String.join(", ", catalog.ids()));
            }
            if (kind != null) {
                subtasks.add(new Subtask(
                        id, kind, brief, strings(item.path("inputs")), strings(item.path("depends_on")), output, hint));
            }
        }
        reasons.addAll(dependencyProblems(subtasks));
        if (!reasons.isEmpty()) {
            return new Parsed.Invalid(reasons);
        }
        return new Parsed.Valid(new Plan(root.path("rationale").asText(""), subtasks));
    }

    /** Unknown dependencies, self-dependencies and cycles, each named. */
    static List<String> dependencyProblems(List<Subtask> subtasks) {
        List<String> reasons = new ArrayList<>();
        Map<String, Subtask> byId = new HashMap<>();
        subtasks.forEach(s -> byId.putIfAbsent(s.id(), s));
        for (Subtask s : subtasks) {
            for (String dep : s.dependsOn()) {
                if (dep.equals(s.id())) {
                    reasons.add("subtask '" + s.id() + "': depends on itself");
                } else if (!byId.containsKey(dep)) {
                    reasons.add("subtask '" + s.id() + "': 'depends_on' names unknown subtask '" + dep + "'");
                }
            }
        }
        if (!reasons.isEmpty()) {
            return reasons;
        }
        // Kahn's algorithm: whatever cannot be ordered sits on a cycle.
        Map<String, Integer> waiting = new HashMap<>();
        subtasks.forEach(s -> waiting.put(s.id(), s.dependsOn().size()));
        List<String> ready = new ArrayList<>(waiting.entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .toList());
        Set<String> ordered = new HashSet<>();
        while (!ready.isEmpty()) {
            String id = ready.removeLast();
            ordered.add(id);
            for (Subtask s : subtasks) {
                if (s.dependsOn().contains(id) && waiting.merge(s.id(), -1, Integer::sum) == 0) {
                    ready.add(s.id());
                }
            }
        }
        if (ordered.size() < subtasks.size()) {
            List<String> cyclic = subtasks.stream()
                    .map(Subtask::id)
                    .filter(id -> !ordered.contains(id))
                    .sorted()
                    .toList();
            reasons.add("dependency cycle among subtasks " + String.join(", ", cyclic));
        }
        return reasons;
    }

    private static String workerKindNames() {
        return String.join(", ", workerKinds().stream().map(TaskKind::wireName).toList());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
