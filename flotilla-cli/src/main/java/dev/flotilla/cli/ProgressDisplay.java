package dev.flotilla.cli;

import dev.flotilla.metering.Cost;
import dev.flotilla.orchestration.CostedPlan;
import dev.flotilla.orchestration.ModelCallRecord;
import dev.flotilla.orchestration.Plan;
import dev.flotilla.orchestration.RunListener;
import dev.flotilla.orchestration.Subtask;
import dev.flotilla.orchestration.SubtaskOutcome;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Live progress of a run on stderr: on a terminal, the tree of subtasks with state, model and
 * running cost, redrawn in place; otherwise one plain line per event; nothing with {@code --quiet}.
 */
final class ProgressDisplay implements RunListener {
    enum Mode {
        TREE,
        LINES,
        QUIET
    }

    private static final int MAX_ROWS = 18;

    private final PrintWriter err;
    private final Mode mode;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private BigDecimal spent = BigDecimal.ZERO;
    private long calls;
    private String phase = "classifying files";
    private int drawn;

    private static final class Row {
        final Subtask subtask;
        String state = "waiting";
        String model = "";

        Row(Subtask subtask) {
            this.subtask = subtask;
        }
    }

    ProgressDisplay(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /** TREE on an interactive terminal, LINES otherwise, QUIET when asked. */
    static Mode modeFor(boolean quiet, CliEnvironment environment) {
        if (quiet) {
            return Mode.QUIET;
        }
        boolean terminal = System.console() != null
                && !"dumb".equals(environment.env().get("TERM"))
                && environment.env().get("CI") == null;
        return terminal ? Mode.TREE : Mode.LINES;
    }

    @Override
    public void planned(String runId, Plan plan, CostedPlan estimate) {
        update(() -> {
            plan.subtasks().forEach(s -> rows.putIfAbsent(s.id(), new Row(s)));
            phase = "reviewing";
            return "run " + runId + ": plan of " + plan.subtasks().size() + " subtasks, estimated $"
                    + money(estimate.total().usd());
        });
    }

    @Override
    public void subtaskStarted(String runId, Subtask subtask) {
        update(() -> {
            rows.computeIfAbsent(subtask.id(), id -> new Row(subtask)).state = "running";
            return subtask.id() + " " + subtask.kind().wireName() + " started: " + label(subtask);
        });
    }

    @Override
    public void modelCallFinished(String runId, ModelCallRecord call) {
        update(() -> {
            spent = spent.add(call.cost().usd());
            calls++;
            return null;
        });
    }

    @Override
    public void subtaskFinished(String runId, SubtaskOutcome outcome) {
        update(() -> {
            Row row = rows.computeIfAbsent(outcome.subtask().id(), id -> new Row(outcome.subtask()));
            row.state = outcome.status().wireName() + (outcome.resumed() ? " (checkpoint)" : "");
            row.model = outcome.model() == null ? "" : outcome.model();
            return outcome.subtask().id() + " " + row.state + (row.model.isEmpty() ? "" : " on " + row.model)
                    + (outcome.error() != null ? ": " + outcome.error() : "") + " · $" + money(spent) + " so far";
        });
    }

    @Override
    public void judging(String runId) {
        update(() -> {
            phase = "judging";
            return "judging " + rows.size() + " results · $" + money(spent) + " so far";
        });
    }

    /** Clears the live tree before the report is printed. */
    void finish() {
        lock.lock();
        try {
            if (mode == Mode.TREE && drawn > 0) {
                err.print("\033[" + drawn + "A\033[J");
                err.flush();
                drawn = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    private interface Change {
        String apply();
    }

    private void update(Change change) {
        lock.lock();
        try {
            String line = change.apply();
            switch (mode) {
                case QUIET -> {}
                case LINES -> {
                    if (line != null) {
                        err.println("flotilla: " + line);
                    }
                }
                case TREE -> redraw();
            }
        } finally {
            lock.unlock();
        }
    }

    private void redraw() {
        StringBuilder screen = new StringBuilder();
        if (drawn > 0) {
            screen.append("\033[").append(drawn).append("A\033[J");
        }
        long running =
                rows.values().stream().filter(r -> r.state.equals("running")).count();
        long done = rows.values().stream().filter(r -> r.state.startsWith("ok")).count();
        long failed =
                rows.values().stream().filter(r -> r.state.startsWith("failed")).count();
        int lines = 1;
        screen.append(String.format(
                "%s · %d running · %d done · %d failed · %d calls · $%s%n",
                phase, running, done, failed, calls, money(spent)));
        int shown = 0;
        for (Row row : rows.values()) {
            if (shown == MAX_ROWS) {
                screen.append(String.format("  … %d more%n", rows.size() - MAX_ROWS));
                lines++;
                break;
            }
            String mark = switch (row.state.split(" ")[0]) {
                case "running" -> "▶";
                case "ok" -> "✔";
                case "failed" -> "✘";
                case "skipped", "cancelled" -> "–";
                default -> "·";
            };
            screen.append(String.format(
                    "  %s %-6s %-12s %-13s %s%n",
                    mark, row.subtask.id(), row.subtask.kind().wireName(), row.model, label(row.subtask)));
            shown++;
            lines++;
        }
        err.print(screen);
        err.flush();
        drawn = lines;
    }

    private static String label(Subtask subtask) {
        String text = subtask.inputs().isEmpty() ? subtask.brief() : String.join(", ", subtask.inputs());
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }

    private static String money(BigDecimal usd) {
        return Cost.plain(usd.setScale(4, RoundingMode.HALF_UP));
    }
}
