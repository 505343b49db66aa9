-- What a run needs to be resumed and shown: its job and plan, each finished subtask's output
-- (written before the run reports the subtask done), and its trace's spans as JSON.

CREATE TABLE run_state (
    run_id    VARCHAR(200) PRIMARY KEY,
    task      TEXT         NOT NULL,
    job_json  TEXT,
    plan_json TEXT
);

CREATE TABLE run_checkpoints (
    run_id         VARCHAR(200) NOT NULL,
    subtask_id     VARCHAR(200) NOT NULL,
    output         TEXT         NOT NULL,
    finished_at_ms BIGINT       NOT NULL,
    PRIMARY KEY (run_id, subtask_id)
);

CREATE TABLE run_spans (
    run_id    VARCHAR(200) NOT NULL,
    span_id   VARCHAR(200) NOT NULL,
    start_ms  BIGINT       NOT NULL,
    span_json TEXT         NOT NULL,
    PRIMARY KEY (run_id, span_id)
);
