-- Sync runs (pulls of one module from one platform, page by page) and the objects they skipped.
-- next_url is the page a run stopped before, so a hub that starts again resumes there. A partial unique index
-- keeps one run per platform and module queued or running, whichever node queues it.
CREATE TABLE sync_runs (
    id              TEXT PRIMARY KEY,
    platform_id     TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    module          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    triggered_by    TEXT NOT NULL,
    status          TEXT NOT NULL,
    date_from       BIGINT NULL,
    date_to         BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    started_at      BIGINT NULL,
    finished_at     BIGINT NULL,
    pages           BIGINT NOT NULL,
    objects         BIGINT NOT NULL,
    changed         BIGINT NOT NULL,
    unchanged       BIGINT NOT NULL,
    invalid         BIGINT NOT NULL,
    error           TEXT NULL,
    correlation_id  TEXT NOT NULL,
    next_url        TEXT NULL
);
CREATE UNIQUE INDEX sync_runs_one_in_progress ON sync_runs (platform_id, module) WHERE status IN ('Queued', 'Running');
CREATE INDEX sync_runs_by_age ON sync_runs (created_at);
CREATE INDEX sync_runs_by_module ON sync_runs (platform_id, module, status, date_to);

CREATE TABLE sync_problems (
    seq {{identity}},
    run_id          TEXT NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    object_id       TEXT NULL,
    problem         TEXT NOT NULL
);
CREATE INDEX sync_problems_by_run ON sync_problems (run_id, seq);
