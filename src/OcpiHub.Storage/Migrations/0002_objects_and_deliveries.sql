-- The hub's copy of partners' data and the outbox of deliveries to receivers, written in one transaction.
-- Ids are CiStrings: object_key is the upper-cased id that keys compare; object_id keeps it as sent.
-- The delivery sequence is each database's own auto-numbered column (the migrator fills in the placeholder of seq).
CREATE TABLE objects (
    module          TEXT NOT NULL,
    owner           TEXT NOT NULL,
    object_key      TEXT NOT NULL,
    object_id       TEXT NOT NULL,
    last_updated    BIGINT NOT NULL,
    body            TEXT NOT NULL,
    token_owner     TEXT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (module, owner, object_key)
);
CREATE INDEX objects_by_owner_and_age ON objects (module, owner, created_at);
CREATE INDEX objects_by_last_updated ON objects (module, last_updated);

CREATE TABLE deliveries (
    seq {{identity}},
    receiver_platform TEXT NOT NULL,
    receiver        TEXT NOT NULL,
    sender          TEXT NOT NULL,
    module          TEXT NOT NULL,
    owner           TEXT NOT NULL,
    object_key      TEXT NOT NULL,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    payload         TEXT NULL,
    correlation_id  TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT NULL,
    created_at      BIGINT NOT NULL,
    last_error      TEXT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_object ON deliveries (receiver_platform, module, owner, object_key, status);
