-- The hub's response URLs of forwarded commands: the CPO posts its result to the hub at id (unguessable), the hub
-- relays it to the eMSP's own response_url. Kept in the database so a result after a restart still finds its way;
-- the timeout worker reads accepted commands by expiry. Reservations the hub forwarded name the CPO holding them,
-- for CANCEL_RESERVATION (reservation ids are unique per eMSP; reservation_key is the upper-cased id).
CREATE TABLE command_relays (
    id              TEXT PRIMARY KEY,
    command         TEXT NOT NULL,
    correlation_id  TEXT NOT NULL,
    response_url    TEXT NOT NULL,
    emsp_platform   TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    emsp            TEXT NOT NULL,
    emsp_version    TEXT NOT NULL,
    cpo_platform    TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    cpo             TEXT NOT NULL,
    state           TEXT NOT NULL,
    answer          TEXT NULL,
    result          TEXT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    finished_at     BIGINT NULL
);
CREATE INDEX command_relays_overdue ON command_relays (state, expires_at);
CREATE INDEX command_relays_by_correlation ON command_relays (correlation_id);

CREATE TABLE command_reservations (
    emsp            TEXT NOT NULL,
    reservation_key TEXT NOT NULL,
    reservation_id  TEXT NOT NULL,
    cpo_platform    TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    cpo             TEXT NOT NULL,
    PRIMARY KEY (emsp, reservation_key)
);
