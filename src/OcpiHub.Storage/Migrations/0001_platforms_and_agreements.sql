-- Platforms, their parties and credentials tokens, and roaming agreements.
-- Portable between SQLite and PostgreSQL: times are Unix milliseconds, structured values JSON text.
CREATE TABLE platforms (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    status          TEXT NOT NULL,
    version         TEXT NULL,
    versions_url    TEXT NULL,
    endpoints       TEXT NOT NULL,
    settings        TEXT NOT NULL,
    declared_party  TEXT NULL,
    outbound_token  TEXT NULL,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NULL
);

CREATE TABLE parties (
    platform_id     TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    country_code    TEXT NOT NULL,
    party_id        TEXT NOT NULL,
    role            TEXT NOT NULL,
    name            TEXT NULL,
    PRIMARY KEY (country_code, party_id, role)
);
CREATE INDEX parties_by_platform ON parties (platform_id);

CREATE TABLE inbound_tokens (
    token_hash      TEXT PRIMARY KEY,
    platform_id     TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX inbound_tokens_by_platform ON inbound_tokens (platform_id);

CREATE TABLE agreements (
    id              TEXT PRIMARY KEY,
    cpo             TEXT NOT NULL,
    emsp            TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX agreements_by_cpo ON agreements (cpo);
CREATE INDEX agreements_by_emsp ON agreements (emsp);
