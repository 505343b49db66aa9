package dev.flotilla.store.internal;

import dev.flotilla.budget.Amount;
import dev.flotilla.budget.BudgetLevel;
import dev.flotilla.budget.BudgetLimits;
import dev.flotilla.budget.BudgetSpec;
import dev.flotilla.budget.BudgetWindow;
import dev.flotilla.budget.ReservationRecord;
import dev.flotilla.budget.ReservationState;
import dev.flotilla.ledger.CallOutcome;
import dev.flotilla.ledger.CallRecord;
import dev.flotilla.ledger.RunRecord;
import dev.flotilla.ledger.RunStatus;
import dev.flotilla.metering.Cost;
import dev.flotilla.metering.Usage;
import dev.flotilla.routing.TaskKind;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Maps ledger values to rows and back; the SQL is the same for SQLite and PostgreSQL. */
public final class Rows {
    private Rows() {}

    public static final String INSERT_CALL = "INSERT INTO calls (call_id, run_id, span_id, parent_span_id, task_kind,"
            + " requested_model, served_model, routing_reason, input_tokens, cached_input_tokens, output_tokens,"
            + " reasoning_tokens, cost_usd, quota_units, estimated, latency_ms, outcome, provider_request_id,"
            + " budget_id, started_at_ms, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (call_id) DO NOTHING";

    public static final String SELECT_CALLS = "SELECT call_id, run_id, span_id, parent_span_id, task_kind,"
            + " requested_model, served_model, routing_reason, input_tokens, cached_input_tokens, output_tokens,"
            + " reasoning_tokens, cost_usd, quota_units, estimated, latency_ms, outcome, provider_request_id,"
            + " budget_id, started_at_ms FROM calls";

    public static final String UPSERT_RUN = "INSERT INTO runs (run_id, description, status, started_at_ms,"
            + " ended_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET"
            + " description = excluded.description, status = excluded.status,"
            + " started_at_ms = excluded.started_at_ms, ended_at_ms = excluded.ended_at_ms";

    public static final String SELECT_RUNS = "SELECT run_id, description, status, started_at_ms, ended_at_ms FROM runs";

    public static final String UPSERT_BUDGET = "INSERT INTO budgets (budget_id, parent_id, level, window_kind,"
            + " limit_usd, limit_tokens, limit_quota_units) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (budget_id)"
            + " DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level,"
            + " window_kind = excluded.window_kind, limit_usd = excluded.limit_usd,"
            + " limit_tokens = excluded.limit_tokens, limit_quota_units = excluded.limit_quota_units";

    public static final String SELECT_BUDGETS = "SELECT budget_id, parent_id, level, window_kind, limit_usd,"
            + " limit_tokens, limit_quota_units FROM budgets";

    public static final String INSERT_RESERVATION = "INSERT INTO reservations (call_id, budget_id, run_id, model,"
            + " input_tokens, max_output_tokens, worst_usd, worst_tokens, worst_quota_units, state, owner,"
            + " created_at_ms, closed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING";

    public static final String CLOSE_RESERVATION =
            "UPDATE reservations SET state = ?, closed_at_ms = ? WHERE call_id = ? AND state = 'open'";

    public static final String SELECT_RESERVATIONS = "SELECT call_id, budget_id, run_id, model, input_tokens,"
            + " max_output_tokens, worst_usd, worst_tokens, worst_quota_units, state, owner, created_at_ms,"
            + " closed_at_ms"
            + " FROM reservations ORDER BY created_at_ms, call_id";

    public static void bindCall(PreparedStatement ps, CallRecord call) throws SQLException {
        ps.setString(1, call.callId());
        ps.setString(2, call.runId());
        ps.setString(3, call.spanId());
        ps.setString(4, call.parentSpanId());
        ps.setString(5, call.taskKind() == null ? null : call.taskKind().wireName());
        ps.setString(6, call.requestedModel());
        ps.setString(7, call.servedModel());
        ps.setString(8, call.routingReason());
        Usage usage = call.usage();
        ps.setLong(9, usage.inputTokens());
        ps.setLong(10, usage.cachedInputTokens());
        ps.setLong(11, usage.outputTokens());
        ps.setLong(12, usage.reasoningTokens());
        ps.setString(13, plain(call.cost().usd()));
        ps.setString(14, plain(call.cost().quotaUnits()));
        ps.setBoolean(15, call.estimated());
        ps.setLong(16, call.latency().toMillis());
        ps.setString(17, call.outcome().wireName());
        ps.setString(18, call.providerRequestId());
        ps.setString(19, call.budgetId());
        ps.setLong(20, call.startedAt().toEpochMilli());
        ps.setString(21, call.day().toString());
    }

    public static CallRecord call(ResultSet rs) throws SQLException {
        String kind = rs.getString("task_kind");
        return new CallRecord(
                rs.getString("call_id"),
                rs.getString("run_id"),
                rs.getString("span_id"),
                rs.getString("parent_span_id"),
                kind == null ? null : TaskKind.parse(kind),
                rs.getString("requested_model"),
                rs.getString("served_model"),
                rs.getString("routing_reason"),
                new Usage(
                        rs.getLong("input_tokens"),
                        rs.getLong("cached_input_tokens"),
                        rs.getLong("output_tokens"),
                        rs.getLong("reasoning_tokens")),
                new Cost(new BigDecimal(rs.getString("cost_usd")), new BigDecimal(rs.getString("quota_units"))),
                rs.getBoolean("estimated"),
                Duration.ofMillis(rs.getLong("latency_ms")),
                CallOutcome.parse(rs.getString("outcome")),
                rs.getString("provider_request_id"),
                rs.getString("budget_id"),
                Instant.ofEpochMilli(rs.getLong("started_at_ms")));
    }

    public static void bindRun(PreparedStatement ps, RunRecord run) throws SQLException {
        ps.setString(1, run.runId());
        ps.setString(2, run.description());
        ps.setString(3, run.status().wireName());
        ps.setLong(4, run.startedAt().toEpochMilli());
        setMillis(ps, 5, run.endedAt());
    }

    public static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(
                rs.getString("run_id"),
                rs.getString("description"),
                RunStatus.parse(rs.getString("status")),
                Instant.ofEpochMilli(rs.getLong("started_at_ms")),
                millis(rs, "ended_at_ms"));
    }

    public static void bindBudget(PreparedStatement ps, BudgetSpec spec) throws SQLException {
        ps.setString(1, spec.id());
        ps.setString(2, spec.parentId());
        ps.setString(3, spec.level().wireName());
        ps.setString(4, spec.window().wireName());
        BudgetLimits limits = spec.limits();
        ps.setString(5, limits.usd() == null ? null : plain(limits.usd()));
        if (limits.tokens() == null) {
            ps.setNull(6, Types.BIGINT);
        } else {
            ps.setLong(6, limits.tokens());
        }
        ps.setString(7, limits.quotaUnits() == null ? null : plain(limits.quotaUnits()));
    }

    public static BudgetSpec budget(ResultSet rs) throws SQLException {
        String usd = rs.getString("limit_usd");
        long tokens = rs.getLong("limit_tokens");
        Long tokenLimit = rs.wasNull() ? null : tokens;
        String quota = rs.getString("limit_quota_units");
        return new BudgetSpec(
                rs.getString("budget_id"),
                rs.getString("parent_id"),
                BudgetLevel.parse(rs.getString("level")),
                new BudgetLimits(
                        usd == null ? null : new BigDecimal(usd),
                        tokenLimit,
                        quota == null ? null : new BigDecimal(quota)),
                BudgetWindow.parse(rs.getString("window_kind")));
    }

    public static void bindReservation(PreparedStatement ps, ReservationRecord r, String owner) throws SQLException {
        ps.setString(1, r.callId());
        ps.setString(2, r.budgetId());
        ps.setString(3, r.runId());
        ps.setString(4, r.modelId());
        ps.setLong(5, r.inputTokens());
        ps.setLong(6, r.maxOutputTokens());
        ps.setString(7, plain(r.worstCase().usd()));
        ps.setLong(8, r.worstCase().tokens());
        ps.setString(9, plain(r.worstCase().quotaUnits()));
        ps.setString(10, r.state().wireName());
        ps.setString(11, owner);
        ps.setLong(12, r.createdAt().toEpochMilli());
        setMillis(ps, 13, r.closedAt());
    }

    public static ReservationRecord reservation(ResultSet rs) throws SQLException {
        return new ReservationRecord(
                rs.getString("call_id"),
                rs.getString("budget_id"),
                rs.getString("run_id"),
                rs.getString("model"),
                rs.getLong("input_tokens"),
                rs.getLong("max_output_tokens"),
                new Amount(
                        new BigDecimal(rs.getString("worst_usd")),
                        rs.getLong("worst_tokens"),
                        new BigDecimal(rs.getString("worst_quota_units"))),
                ReservationState.parse(rs.getString("state")),
                Instant.ofEpochMilli(rs.getLong("created_at_ms")),
                millis(rs, "closed_at_ms"));
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static void setMillis(PreparedStatement ps, int index, @Nullable Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    private static @Nullable Instant millis(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
