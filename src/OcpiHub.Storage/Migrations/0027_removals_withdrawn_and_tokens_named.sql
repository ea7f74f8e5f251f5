-- An agreement resumed or renewed withdraws what its parties removed while data between them stood still, which
-- nobody was sent then (a Tariff's DELETE).
-- When data between an agreement's parties last stopped (suspended, or ended while active); NULL while it never has.
ALTER TABLE agreements ADD COLUMN stopped_at BIGINT NULL;
UPDATE agreements SET stopped_at = updated_at WHERE status <> 'Active';
-- A catch-up first withdraws the counterpart's objects removed since this moment; NULL: nothing to withdraw, or done
-- (after_key then holds the key of the last one queued).
ALTER TABLE agreement_catch_ups ADD COLUMN withdraw_since BIGINT NULL;
-- Each object removed, as last stored, and when (its latest removal); created_at is when it was first stored. One row
-- per object ever removed: as many as the ids owners have removed.
CREATE TABLE removed_objects (
    module      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    object_key  TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    removed_at  BIGINT NOT NULL,
    PRIMARY KEY (module, owner, object_key)
);

-- The tokens each unpublished Location's publish_allowed_to names, one a row, each by its identifying field (uid, else
-- visual_number, else group_id) as Visibility.TokensNamedBy writes it ('uid:VALUE', the value in upper case): a token
-- stored later finds by index the Locations it lets its eMSP see (DataStore.FindNamingAsync).
CREATE TABLE objects_naming_tokens (
    module      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    object_key  TEXT NOT NULL,
    token_name  TEXT NOT NULL,
    PRIMARY KEY (module, owner, object_key, token_name)
);
CREATE INDEX objects_naming_tokens_by_name ON objects_naming_tokens (module, token_name);
