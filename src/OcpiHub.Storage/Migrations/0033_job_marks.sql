-- How far a periodic job has come (the boundaries of Tariffs' validity periods it has acted on): kept across restarts
-- and nodes, so the node that runs it next carries on from there.
CREATE TABLE job_marks (
    name            TEXT PRIMARY KEY,
    reached_at      BIGINT NOT NULL
);
