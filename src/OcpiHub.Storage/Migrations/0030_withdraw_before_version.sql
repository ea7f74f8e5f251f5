-- The end of a catch-up's withdraw window, as a shared state version (migration 0013) raised in the transaction of
-- the change that started it (the agreement resumed or renewed, the party back): a record of what stopped reaching
-- the receiver written at an older version (stopped_reaching.state_version) was written seeing data still stopped,
-- and sent nobody; one written at it or later was sent as it happened, and is not withdrawn again.
ALTER TABLE agreement_catch_ups ADD COLUMN withdraw_before_version BIGINT NULL;
-- A catch-up started before: every record written from now on is written seeing the change that started it.
UPDATE agreement_catch_ups SET withdraw_before_version = (SELECT version FROM state_version WHERE id = 1) WHERE withdraw_since IS NOT NULL;
