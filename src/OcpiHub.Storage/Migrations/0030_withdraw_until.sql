-- The end of a catch-up's withdraw window: when it started (the agreement resumed or renewed, the party back). What
-- stopped reaching the receiver later was withdrawn as it happened, and is not withdrawn again.
ALTER TABLE agreement_catch_ups ADD COLUMN withdraw_until BIGINT NULL;
