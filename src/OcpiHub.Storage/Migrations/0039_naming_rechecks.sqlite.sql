-- A change of an object that others name (a Tariff, named by Locations' connectors) whose namers' 2.1.1 form may have
-- changed with it (a connector's one tariff_id, chosen among its tariff_ids): written in the change's transaction, so
-- the check of its namers, done after the commit, is never lost with the node that made the change; removed once the
-- namers that changed are queued (Server's TariffRechecks). before_body is the object as stored before (NULL: none),
-- changed_at the instant of the change, change_key the change's own (its run after the commit checks only its own
-- rows, waiting for no other). A check that failed waits until next_attempt_at, later after each of its attempts, and
-- is tried again: never dropped. seq is never reused (AUTOINCREMENT on SQLite): a row removed is not confused with a
-- new one. Same statements as the PostgreSQL file but the numbering.
CREATE TABLE naming_rechecks (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    module          TEXT NOT NULL,
    owner           TEXT NOT NULL,
    object_id       TEXT NOT NULL,
    before_body     TEXT NULL,
    changed_at      BIGINT NOT NULL,
    correlation_id  TEXT NOT NULL,
    change_key      TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL
);
-- The change's own run reads its rows; the nodes' job those due, soonest first.
CREATE INDEX naming_rechecks_change ON naming_rechecks (change_key);
CREATE INDEX naming_rechecks_due ON naming_rechecks (module, next_attempt_at);
