package dev.flotilla.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.provider.ModelCall;
import dev.flotilla.provider.Role;
import dev.flotilla.provider.ToolCall;
import dev.flotilla.routing.TaskKind;
import dev.flotilla.sim.Simulator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the models' part for the quick-start task so that it runs without a key: the flagship
 * plans one price look-up per SKU, each sub-agent calls {@code price_lookup} and answers the unit
 * price, and the flagship judges the cheapest. The simulator still decides latency, token usage
 * and rate limits. Not needed with a real provider.
 */
final class ScriptedModels implements Simulator.Responder {
    private static final Pattern SKU = Pattern.compile("[A-Z]-\\d{3}");
    private static final Pattern PACK = Pattern.compile("([A-Z]-\\d{3}): pack of (\\d+) for \\$([0-9.]+)");
    private static final Pattern UNIT = Pattern.compile("([A-Z]-\\d{3}) costs \\$([0-9.]+) per unit");

    @Override
    public Optional<Simulator.Response> respond(ModelCall call) {
        TaskKind kind = call.taskKind();
        String last = call.messages().getLast().text();
        if (kind == TaskKind.PLAN) {
            return text(plan(last));
        }
        if (kind == TaskKind.JUDGE) {
            return text(judge(last));
        }
        if (call.messages().getLast().role() == Role.TOOL) {
            Matcher pack = PACK.matcher(last);
            if (pack.find()) {
                BigDecimal unit =
                        new BigDecimal(pack.group(3)).divide(new BigDecimal(pack.group(2)), 2, RoundingMode.HALF_UP);
                return text(pack.group(1) + " costs $" + unit.toPlainString() + " per unit (" + pack.group(0) + ")");
            }
            return text("The price list did not answer: " + last);
        }
        Matcher sku = SKU.matcher(last);
        if (sku.find()) {
            return Optional.of(new Simulator.Response(
                    "",
                    List.of(new ToolCall(
                            "call_" + sku.group(), PriceLookup.NAME, "{\"sku\":\"" + sku.group() + "\"}"))));
        }
        return Optional.empty();
    }

    private static String plan(String goal) {
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        plan.put("rationale", "one independent price look-up per SKU, then compare");
        ArrayNode subtasks = plan.putArray("subtasks");
        Matcher sku = SKU.matcher(goal);
        while (sku.find()) {
            ObjectNode subtask = subtasks.addObject();
            subtask.put("id", sku.group().toLowerCase(Locale.ROOT));
            subtask.put("kind", TaskKind.EXTRACT.wireName());
            subtask.put(
                    "brief", "Look up SKU " + sku.group() + " with the price_lookup tool and give its price per unit.");
            subtask.putArray("inputs");
            subtask.putArray("depends_on");
            subtask.put("expected_output", "text");
            subtask.putNull("model_hint");
        }
        return plan.toString();
    }

    private static String judge(String results) {
        Matcher unit = UNIT.matcher(results);
        String best = null;
        BigDecimal lowest = null;
        while (unit.find()) {
            BigDecimal price = new BigDecimal(unit.group(2));
            if (lowest == null || price.compareTo(lowest) < 0) {
                best = unit.group(1);
                lowest = price;
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put(
                "answer",
                best == null
                        ? "No unit prices came back."
                        : best + " is the cheapest per unit, at $" + lowest.toPlainString() + ".");
        answer.putArray("more_work");
        return answer.toString();
    }

    private static Optional<Simulator.Response> text(String text) {
        return Optional.of(new Simulator.Response(text, List.of()));
    }
}
