-- Pages read in the order objects were first stored, after the position of the last object of the previous page
-- (DataStore.PageFilter): the index holds that order and every column a page query filters on, so a page seeks to
-- its start and skips what the reader may not see without reading a body.
-- row_version changes with every write of a body (a hash of it): a version's wire form of the object is kept
-- under it (Server/Data/WireForms), by every hub node alike. Rows stored before it have 0 until written again.
ALTER TABLE objects ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX objects_in_page_order ON objects (module, created_at, owner, object_key, row_version, last_updated, token_owner);
