-- A CPO may end a reservation it accepted itself: a later CommandResult CANCELED_RESERVATION posted to the RESERVE_NOW's
-- response_url (OCPI 2.2.1+). reserved_by names the relay of the RESERVE_NOW that made the reservation as it runs, so
-- that result ends it (NULL for the reservations made before: they end by their expiry or cancellation, as before).
-- numbered_at is when a reservation last asked for its 2.1.1 number: a number whose RESERVE_NOW the CPO never accepted
-- (no reservation holds it) is pruned a retention after it. The numbers given before count from this upgrade.
-- Same statements as the SQLite file but the clock.
ALTER TABLE command_reservations ADD COLUMN reserved_by TEXT NULL;
ALTER TABLE reservation_numbers ADD COLUMN numbered_at BIGINT NOT NULL DEFAULT 0;
UPDATE reservation_numbers SET numbered_at = (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT;
-- The retention reads the numbers asked for longest ago first.
CREATE INDEX reservation_numbers_numbered ON reservation_numbers (numbered_at);
