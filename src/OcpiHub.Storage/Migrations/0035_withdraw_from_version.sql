-- The start of a withdraw window as a shared state version (migration 0013), as its end is (migration 0030): the version
-- the change that stopped data between an agreement's parties raised (suspended, or ended while active). A record of
-- what stopped reaching a receiver (stopped_reaching.state_version) at it or later was written seeing data stopped and
-- sent nobody, whatever the writer's clock stamped it with; an older one was sent as it happened.
ALTER TABLE agreements ADD COLUMN stopped_version BIGINT NULL;
ALTER TABLE agreement_catch_ups ADD COLUMN withdraw_from_version BIGINT NULL;
-- So for a party whose platform left: the version its standing last changed at.
ALTER TABLE party_standings ADD COLUMN changed_version BIGINT NULL;
-- Stopped before this: the version then is not known, and left out (NULL): those windows start at the stop's time, as
-- they did before. A version guessed from the records' times would start them at the last change of shared state
-- before the stop, hours earlier at times, and withdraw again what was sent as it happened.
