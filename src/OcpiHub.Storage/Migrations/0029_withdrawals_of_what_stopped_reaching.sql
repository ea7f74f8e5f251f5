-- A catch-up withdraws what stopped reaching its receiver while data between them stood still: each object removed,
-- and each one changed so that some reader no longer sees it (a Location unpublished, a Tariff given a type a 2.1.1
-- eMSP cannot apply). One row each time, as stored just before (who could see it then), and when; created_at is when
-- the object was first stored. state_version is the shared state version (migration 0013) the change's writer read
-- as it held the object, so the agreements and platforms it sent by were at least that new: a catch-up withdraws
-- only what was written seeing data still stopped (agreement_catch_ups.withdraw_before_version, migration 0030),
-- whatever the clocks of the nodes say. The removals kept before were all written so: version 0.
CREATE TABLE stopped_reaching (
    module        TEXT NOT NULL,
    owner         TEXT NOT NULL,
    object_key    TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    changed_at    BIGINT NOT NULL,
    state_version BIGINT NOT NULL,
    PRIMARY KEY (module, owner, object_key, changed_at)
);
-- What the hourly cleanup (WithdrawalRetention) forgets: an owner's records before a time, read in batches.
CREATE INDEX stopped_reaching_by_owner ON stopped_reaching (owner, changed_at);
INSERT INTO stopped_reaching (module, owner, object_key, object_id, body, created_at, changed_at, state_version)
    SELECT module, owner, object_key, object_id, body, created_at, removed_at, 0 FROM removed_objects;
DROP TABLE removed_objects;
