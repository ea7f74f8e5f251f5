-- The message log: one row per OCPI exchange in (IN) or out (OUT) of the hub. No bodies, no tokens.
-- Rows are only appended and deleted by age, so there are no foreign keys: an entry outlives its platform.
-- Whole numbers are BIGINT so that both databases hand them back as 64-bit integers.
CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    time            BIGINT NOT NULL,
    direction       TEXT NOT NULL,
    platform_id     TEXT NULL,
    from_party      TEXT NULL,
    to_party        TEXT NULL,
    module          TEXT NULL,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    ocpi_status     BIGINT NULL,
    http_status     BIGINT NOT NULL,
    latency_ms      BIGINT NOT NULL,
    request_id      TEXT NOT NULL,
    correlation_id  TEXT NOT NULL
);
CREATE INDEX messages_by_correlation ON messages (correlation_id);
CREATE INDEX messages_by_platform_time ON messages (platform_id, time);
-- Time-range listings and the retention cleanup.
CREATE INDEX messages_by_time ON messages (time);
