-- The version of the state each hub node holds in memory: platforms (their settings and outbound token), parties,
-- inbound tokens and agreements. Every change of them raises it in its own transaction, so a node that reads a
-- higher number than its copies were read at drops them (OcpiHub.Storage.SharedStateVersion). A platform's
-- last_seen_at is left out: it is written in batches and is no part of what a request decides by.
-- A column added to platforms later must be added to platforms_updated.
CREATE TABLE state_version (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    version         BIGINT NOT NULL
);
INSERT INTO state_version (id, version) VALUES (1, 0);

CREATE TRIGGER platforms_inserted AFTER INSERT ON platforms BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER platforms_updated AFTER UPDATE OF id, name, status, version, versions_url, endpoints, settings, declared_party, outbound_token, created_at
    ON platforms BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER platforms_deleted AFTER DELETE ON platforms BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER parties_inserted AFTER INSERT ON parties BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER parties_updated AFTER UPDATE ON parties BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER parties_deleted AFTER DELETE ON parties BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER inbound_tokens_inserted AFTER INSERT ON inbound_tokens BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER inbound_tokens_updated AFTER UPDATE ON inbound_tokens BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER inbound_tokens_deleted AFTER DELETE ON inbound_tokens BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER agreements_inserted AFTER INSERT ON agreements BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER agreements_updated AFTER UPDATE ON agreements BEGIN UPDATE state_version SET version = version + 1; END;
CREATE TRIGGER agreements_deleted AFTER DELETE ON agreements BEGIN UPDATE state_version SET version = version + 1; END;
