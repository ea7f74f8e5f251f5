-- The message log numbered by a sequence instead of a text id: the id (a UUID, only ever a tie-break between entries
-- of one millisecond) was an index of text written for every exchange.
ALTER TABLE messages DROP COLUMN id;
ALTER TABLE messages ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
