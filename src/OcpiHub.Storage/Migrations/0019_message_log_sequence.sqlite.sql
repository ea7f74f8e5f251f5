-- The message log numbered by SQLite's own row id instead of a text id: the id (a UUID, only ever a tie-break between
-- entries of one millisecond) was a fifth b-tree written for every exchange. SQLite cannot drop a primary key, so the
-- table is made again, its entries copied in the order they were written.
CREATE TABLE messages_numbered (
    seq                 INTEGER PRIMARY KEY,
    time                BIGINT NOT NULL,
    direction           TEXT NOT NULL,
    platform_id         TEXT NULL,
    from_party          TEXT NULL,
    to_party            TEXT NULL,
    module              TEXT NULL,
    method              TEXT NOT NULL,
    path                TEXT NOT NULL,
    ocpi_status         BIGINT NULL,
    http_status         BIGINT NOT NULL,
    latency_ms          BIGINT NOT NULL,
    request_id          TEXT NOT NULL,
    correlation_id      TEXT NOT NULL,
    translation_losses  TEXT NULL
);
INSERT INTO messages_numbered (time, direction, platform_id, from_party, to_party, module, method, path, ocpi_status,
                               http_status, latency_ms, request_id, correlation_id, translation_losses)
    SELECT time, direction, platform_id, from_party, to_party, module, method, path, ocpi_status,
           http_status, latency_ms, request_id, correlation_id, translation_losses
    FROM messages ORDER BY time, id;
DROP TABLE messages;
ALTER TABLE messages_numbered RENAME TO messages;
CREATE INDEX messages_by_correlation ON messages (correlation_id);
CREATE INDEX messages_by_platform_time ON messages (platform_id, time);
CREATE INDEX messages_by_time ON messages (time);
