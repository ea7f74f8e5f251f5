-- A forwarded command's relay outlives the removal of either platform: the eMSP of a CPO removed while its command
-- awaits a result still gets the hub's TIMEOUT, and a result already acknowledged to the CPO still reaches the eMSP.
-- (A relay whose eMSP platform is gone ends as any delivery to a platform that is gone: given up.) SQLite cannot
-- drop a table's foreign keys, so the table is made again without them.
CREATE TABLE command_relays_kept (
    id              TEXT PRIMARY KEY,
    command         TEXT NOT NULL,
    correlation_id  TEXT NOT NULL,
    response_url    TEXT NOT NULL,
    emsp_platform   TEXT NOT NULL,
    emsp            TEXT NOT NULL,
    emsp_version    TEXT NOT NULL,
    cpo_platform    TEXT NOT NULL,
    cpo             TEXT NOT NULL,
    state           TEXT NOT NULL,
    answer          TEXT NULL,
    result          TEXT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    finished_at     BIGINT NULL
);
INSERT INTO command_relays_kept SELECT id, command, correlation_id, response_url, emsp_platform, emsp, emsp_version, cpo_platform, cpo,
    state, answer, result, created_at, expires_at, finished_at FROM command_relays;
DROP TABLE command_relays;
ALTER TABLE command_relays_kept RENAME TO command_relays;
CREATE INDEX command_relays_overdue ON command_relays (state, expires_at);
CREATE INDEX command_relays_by_correlation ON command_relays (correlation_id);
