-- Several hub nodes on one database.
-- A sync run is run by the node named in owner_node while lease_until lies ahead (the node renews it as it goes);
-- once the lease has passed (the node died), another node takes the run over from its recorded next page.
ALTER TABLE sync_runs ADD COLUMN owner_node TEXT NULL;
ALTER TABLE sync_runs ADD COLUMN lease_until BIGINT NULL;
-- A scheduled tick starts each run once, however many nodes' schedules fire for it: one run per platform, module
-- and due time (the tick's moment is the run's date_to), whether the first is still running or has ended.
CREATE UNIQUE INDEX sync_runs_one_per_tick ON sync_runs (platform_id, module, date_to) WHERE triggered_by = 'Schedule';

-- Work one node does at a time (the connection probe, the message log's retention): held by owner_node until
-- lease_until, renewed while it lives, taken by another node once it has passed.
CREATE TABLE node_leases (
    name            TEXT PRIMARY KEY,
    owner_node      TEXT NOT NULL,
    lease_until     BIGINT NOT NULL
);

-- The fingerprint of the key that seals partner tokens (never the key): a node configured with another key is
-- refused at start instead of failing every call it makes to a partner.
CREATE TABLE hub_keys (
    purpose         TEXT PRIMARY KEY,
    fingerprint     TEXT NOT NULL,
    changed_at      BIGINT NOT NULL
);
