-- The version of the state each hub node holds in memory: platforms (their settings and outbound token), parties,
-- inbound tokens and agreements. Every change of them raises it in its own transaction and notifies the channel
-- ocpihub_state when it commits, so every node drops its copies at once; a node that missed a notification sees the
-- higher number at its next check (OcpiHub.Storage.SharedStateVersion). A platform's last_seen_at is left out: it
-- is written in batches and is no part of what a request decides by.
-- A column added to platforms later must be added to platforms_changed.
CREATE TABLE state_version (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    version         BIGINT NOT NULL
);
INSERT INTO state_version (id, version) VALUES (1, 0);

CREATE FUNCTION state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    raised BIGINT;
BEGIN
    UPDATE state_version SET version = version + 1 WHERE id = 1 RETURNING version INTO raised;
    PERFORM pg_notify('ocpihub_state', raised::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER platforms_changed AFTER INSERT OR DELETE OR TRUNCATE
    OR UPDATE OF id, name, status, version, versions_url, endpoints, settings, declared_party, outbound_token, created_at
    ON platforms FOR EACH STATEMENT EXECUTE FUNCTION state_changed();
CREATE TRIGGER parties_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parties FOR EACH STATEMENT EXECUTE FUNCTION state_changed();
CREATE TRIGGER inbound_tokens_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON inbound_tokens FOR EACH STATEMENT EXECUTE FUNCTION state_changed();
CREATE TRIGGER agreements_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreements FOR EACH STATEMENT EXECUTE FUNCTION state_changed();
