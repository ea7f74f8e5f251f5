-- A catch-up withdraws what stopped reaching its receiver while data between them stood still: each object removed,
-- and each one changed so that some reader no longer sees it (a Location unpublished, a Tariff given a type a 2.1.1
-- eMSP cannot apply). One row each time, as stored just before (who could see it then), and when; created_at is when
-- the object was first stored.
CREATE TABLE stopped_reaching (
    module      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    object_key  TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    changed_at  BIGINT NOT NULL,
    PRIMARY KEY (module, owner, object_key, changed_at)
);
INSERT INTO stopped_reaching (module, owner, object_key, object_id, body, created_at, changed_at)
    SELECT module, owner, object_key, object_id, body, created_at, removed_at FROM removed_objects;
DROP TABLE removed_objects;
