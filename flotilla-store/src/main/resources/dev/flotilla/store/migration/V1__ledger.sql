-- The ledger's schema, the same on SQLite and PostgreSQL. Money is exact decimal text in plain
-- notation (SQLite has no exact decimal type); times are UTC epoch milliseconds. A reservation's
-- owner is the process holding it (host/pid/start), so reconciliation only closes dead processes' ones.

CREATE TABLE runs (
    run_id        VARCHAR(200) PRIMARY KEY,
    description   TEXT         NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    started_at_ms BIGINT       NOT NULL,
    ended_at_ms   BIGINT
);

CREATE TABLE budgets (
    budget_id         VARCHAR(200) PRIMARY KEY,
    parent_id         VARCHAR(200),
    level             VARCHAR(20)  NOT NULL,
    window_kind       VARCHAR(20)  NOT NULL,
    limit_usd         TEXT,
    limit_tokens      BIGINT,
    limit_quota_units TEXT
);

CREATE TABLE calls (
    call_id             VARCHAR(200) PRIMARY KEY,
    run_id              VARCHAR(200),
    span_id             VARCHAR(200),
    parent_span_id      VARCHAR(200),
    task_kind           VARCHAR(40),
    requested_model     VARCHAR(200) NOT NULL,
    served_model        VARCHAR(200) NOT NULL,
    routing_reason      TEXT         NOT NULL,
    input_tokens        BIGINT       NOT NULL,
    cached_input_tokens BIGINT       NOT NULL,
    output_tokens       BIGINT       NOT NULL,
    reasoning_tokens    BIGINT       NOT NULL,
    cost_usd            TEXT         NOT NULL,
    quota_units         TEXT         NOT NULL,
    estimated           BOOLEAN      NOT NULL,
    latency_ms          BIGINT       NOT NULL,
    outcome             VARCHAR(20)  NOT NULL,
    provider_request_id VARCHAR(200),
    budget_id           VARCHAR(200),
    started_at_ms       BIGINT       NOT NULL,
    day                 CHAR(10)     NOT NULL
);

CREATE INDEX calls_by_start ON calls (started_at_ms);
CREATE INDEX calls_by_run ON calls (run_id);

CREATE TABLE reservations (
    call_id           VARCHAR(200) PRIMARY KEY,
    budget_id         VARCHAR(200) NOT NULL,
    run_id            VARCHAR(200),
    model             VARCHAR(200) NOT NULL,
    input_tokens      BIGINT       NOT NULL,
    max_output_tokens BIGINT       NOT NULL,
    worst_usd         TEXT         NOT NULL,
    worst_tokens      BIGINT       NOT NULL,
    worst_quota_units TEXT         NOT NULL,
    state             VARCHAR(20)  NOT NULL,
    owner             VARCHAR(300) NOT NULL,
    created_at_ms     BIGINT       NOT NULL,
    closed_at_ms      BIGINT
);

CREATE INDEX reservations_by_state ON reservations (state);
