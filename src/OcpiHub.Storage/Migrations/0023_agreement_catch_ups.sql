-- What each agreement still has to bring its parties (a new or resumed agreement, a party a platform carries again):
-- one module's stored objects of the other party, to one receiver, and the position of the last object queued, so
-- that a catch-up an admin request or a node left is carried on by any node from the next page.
CREATE TABLE agreement_catch_ups (
    agreement_id    TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    receiver        TEXT NOT NULL,
    module          TEXT NOT NULL,
    correlation_id  TEXT NOT NULL,
    after_created   BIGINT NULL,
    after_owner     TEXT NULL,
    after_key       TEXT NULL,
    PRIMARY KEY (agreement_id, receiver, module)
);
