-- A reservation id is unique only between one eMSP and one CPO (OCPI 2.2.1 Commands: each CPO makes the ids it sends to
-- its charge points unique across eMSPs), so an eMSP may hold RES-1 at two CPOs: each is remembered, keyed by the CPO
-- too, instead of the second replacing the first (SQLite cannot change a key in place). A CANCEL_RESERVATION without
-- OCPI-to-* considers only the reservations still running, and of several the most recent: reserved_at (0 for the rows
-- kept, made before), expires_at (the RESERVE_NOW's expiry_date; unknown for the rows kept) and cancelled_by (the
-- CANCEL_RESERVATION the CPO accepted: once its result is ACCEPTED, the reservation is over).
CREATE TABLE command_reservations_per_cpo (
    emsp            TEXT NOT NULL,
    reservation_key TEXT NOT NULL,
    reservation_id  TEXT NOT NULL,
    cpo_platform    TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    cpo             TEXT NOT NULL,
    reserved_at     BIGINT NOT NULL DEFAULT 0,
    expires_at      BIGINT NULL,
    cancelled_by    TEXT NULL,
    PRIMARY KEY (emsp, reservation_key, cpo)
);
INSERT INTO command_reservations_per_cpo (emsp, reservation_key, reservation_id, cpo_platform, cpo)
    SELECT emsp, reservation_key, reservation_id, cpo_platform, cpo FROM command_reservations;
DROP TABLE command_reservations;
ALTER TABLE command_reservations_per_cpo RENAME TO command_reservations;
