-- A change of an object that others name (a Tariff, named by Locations' connectors) whose namers' 2.1.1 form may have
-- changed with it (a connector's one tariff_id, chosen among its tariff_ids): written in the change's transaction, so
-- the check of its namers, done after the commit, is never lost with the node that made the change; removed once the
-- namers that changed are queued (Server's NamingRechecks). before_body is the object as stored before (NULL: none),
-- changed_at the instant of the change; seq orders the changes of one object as they were committed.
-- Same statements as the PostgreSQL file but the numbering.
CREATE TABLE naming_rechecks (
    seq            INTEGER PRIMARY KEY,
    module         TEXT NOT NULL,
    owner          TEXT NOT NULL,
    object_key     TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    before_body    TEXT NULL,
    changed_at     BIGINT NOT NULL,
    correlation_id TEXT NOT NULL
);
