-- Every RESERVE_NOW and CANCEL_RESERVATION of a reservation that its CPO took (answered ACCEPTED) names it:
-- reservation_key, with the relay's emsp and cpo the key of command_reservations. Whether a reservation runs is read
-- from the results of all of them (ReservationEnd), not of the last RESERVE_NOW and the last cancellation alone: a
-- RESERVE_NOW the charge point did not carry out (REJECTED, FAILED, TIMEOUT ...) made nothing, and leaves a reservation
-- made before as it was; the CPO's CANCELED_RESERVATION through an earlier RESERVE_NOW of the id ends it. The relays
-- the reservations named before (reserved_by, cancelled_by: migrations 0032, 0038) name them now; those columns go.
ALTER TABLE command_relays ADD COLUMN reservation_key TEXT NULL;
UPDATE command_relays SET reservation_key = (SELECT MIN(r.reservation_key) FROM command_reservations r
        WHERE r.reserved_by = command_relays.id OR r.cancelled_by = command_relays.id)
    WHERE id IN (SELECT reserved_by FROM command_reservations UNION SELECT cancelled_by FROM command_reservations);
CREATE INDEX command_relays_by_reservation ON command_relays (emsp, reservation_key, cpo) WHERE reservation_key IS NOT NULL;
ALTER TABLE command_reservations DROP COLUMN reserved_by;
ALTER TABLE command_reservations DROP COLUMN cancelled_by;
