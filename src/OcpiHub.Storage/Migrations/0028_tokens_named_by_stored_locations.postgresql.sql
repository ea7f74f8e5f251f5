-- The tokens named by the unpublished Locations stored before 0027, read from their bodies with each database's own JSON
-- functions (the rest of 0027 is the same on both).
INSERT INTO objects_naming_tokens (module, owner, object_key, token_name)
SELECT DISTINCT o.module, o.owner, o.object_key, CASE
        WHEN e ->> 'uid' IS NOT NULL THEN 'uid:' || UPPER(e ->> 'uid')
        WHEN e ->> 'visual_number' IS NOT NULL THEN 'visual_number:' || UPPER(e ->> 'visual_number')
        ELSE 'group_id:' || UPPER(e ->> 'group_id') END
FROM objects o CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(o.body::jsonb -> 'publish_allowed_to') = 'array' THEN o.body::jsonb -> 'publish_allowed_to' ELSE '[]'::jsonb END) e
WHERE o.module = 'Locations' AND (o.body::jsonb ->> 'publish') = 'false'
    AND COALESCE(e ->> 'uid', e ->> 'visual_number', e ->> 'group_id') IS NOT NULL;
