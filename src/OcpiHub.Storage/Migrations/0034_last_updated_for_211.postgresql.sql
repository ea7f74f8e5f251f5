-- 2.1.1 readers get a Tariff only from its start on (Visibility): to them it changed then, so they are given, and
-- their pages filter date_from and date_to on, the later of its owner's last_updated and its start
-- (DataStore.PageFilter; NULL: the owner's). The page index holds it too, so a page of 2.1.1 reads no row it skips.
ALTER TABLE objects ADD COLUMN last_updated_211 BIGINT NULL;
DROP INDEX objects_in_page_order;
CREATE INDEX objects_in_page_order ON objects (module, created_at, owner, object_key, row_version, last_updated, token_owner, last_updated_211);
-- Tariffs stored before, whose start is later than their last_updated.
UPDATE objects SET last_updated_211 = (EXTRACT(EPOCH FROM (body::jsonb ->> 'start_date_time')::timestamptz) * 1000)::bigint
WHERE module = 'Tariffs' AND (body::jsonb ->> 'start_date_time') IS NOT NULL
    AND (EXTRACT(EPOCH FROM (body::jsonb ->> 'start_date_time')::timestamptz) * 1000)::bigint > last_updated;
