-- The admin message list filtered by party (from_party or to_party, newest first): an index per side, in the list's
-- order (seq: the order within one millisecond), so each side is read newest first and the search ends after a page
-- instead of walking the whole log. Partial: only entries that name that party cost a write (entries without routing
-- headers, most 2.1.1 traffic, none).
CREATE INDEX messages_from_party_time ON messages (from_party, time, seq) WHERE from_party IS NOT NULL;
CREATE INDEX messages_to_party_time ON messages (to_party, time, seq) WHERE to_party IS NOT NULL;
