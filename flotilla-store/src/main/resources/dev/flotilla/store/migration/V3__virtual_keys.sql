-- Virtual keys for the gateway. Only a salted SHA-256 of each key's secret is stored; the key itself
-- is shown once when it is created. Limits are nullable (no limit); models is a comma-separated
-- allow-list, empty for every model. Money is exact decimal text, times UTC epoch milliseconds.

CREATE TABLE virtual_keys (
    key_id             VARCHAR(64)  PRIMARY KEY,
    name               VARCHAR(200) NOT NULL,
    salt               VARCHAR(64)  NOT NULL,
    secret_hash        VARCHAR(128) NOT NULL,
    budget_usd_per_day TEXT,
    rpm                BIGINT,
    tpm                BIGINT,
    models             TEXT         NOT NULL,
    created_at_ms      BIGINT       NOT NULL,
    revoked_at_ms      BIGINT
);
