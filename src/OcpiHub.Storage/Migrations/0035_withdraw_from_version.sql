-- The start of a withdraw window as a shared state version (migration 0013), as its end is (migration 0030): the version
-- the change that stopped data between an agreement's parties raised (suspended, or ended while active). A record of
-- what stopped reaching a receiver (stopped_reaching.state_version) at it or later was written seeing data stopped and
-- sent nobody, whatever the writer's clock stamped it with; an older one was sent as it happened.
ALTER TABLE agreements ADD COLUMN stopped_version BIGINT NULL;
ALTER TABLE agreement_catch_ups ADD COLUMN withdraw_from_version BIGINT NULL;
-- So for a party whose platform left: the version its standing last changed at.
ALTER TABLE party_standings ADD COLUMN changed_version BIGINT NULL;
-- Stopped before this: the version then is not known. The window starts at the first record stamped from a minute before
-- the stop on (a removal written on a node whose clock ran behind by up to a minute is still withdrawn; one sent live in
-- that minute may be sent again, which is harmless), or, when none is, at the version now: every record written from
-- now on is written at it or later.
UPDATE agreements SET stopped_version = COALESCE(
    (SELECT MIN(r.state_version) FROM stopped_reaching r WHERE r.changed_at >= agreements.stopped_at - 60000),
    (SELECT version FROM state_version WHERE id = 1))
WHERE stopped_at IS NOT NULL;
UPDATE agreement_catch_ups SET withdraw_from_version = COALESCE(
    (SELECT MIN(r.state_version) FROM stopped_reaching r WHERE r.changed_at >= agreement_catch_ups.withdraw_since - 60000),
    (SELECT version FROM state_version WHERE id = 1))
WHERE withdraw_since IS NOT NULL;
UPDATE party_standings SET changed_version = COALESCE(
    (SELECT MIN(r.state_version) FROM stopped_reaching r WHERE r.changed_at >= party_standings.changed_at - 60000),
    (SELECT version FROM state_version WHERE id = 1));
