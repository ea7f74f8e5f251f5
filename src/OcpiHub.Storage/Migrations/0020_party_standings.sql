-- When each party last came to stand otherwise for its counterparts: its platform connected, went offline, came
-- back, unregistered or was removed, or began or stopped carrying it. The ClientInfo a counterpart reads from
-- HubClientInfo is dated by it (or by the agreement's change, the later), so a poll by date_from finds the change;
-- a party no platform carries any more keeps its row. None for a change made before the table.
CREATE TABLE party_standings (
    country_code    TEXT NOT NULL,
    party_id        TEXT NOT NULL,
    changed_at      BIGINT NOT NULL,
    PRIMARY KEY (country_code, party_id)
);
