-- What a down-translation could not carry to the receiver of an outbound call (a delivery), one loss a line, so
-- the message log shows it next to the call; NULL when nothing was lost.
ALTER TABLE messages ADD COLUMN translation_losses TEXT NULL;
