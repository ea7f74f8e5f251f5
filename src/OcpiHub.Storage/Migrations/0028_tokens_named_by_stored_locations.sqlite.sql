-- The tokens named by the unpublished Locations stored before 0027, read from their bodies with each database's own JSON
-- functions (the rest of 0027 is the same on both).
INSERT INTO objects_naming_tokens (module, owner, object_key, token_name)
SELECT DISTINCT o.module, o.owner, o.object_key, CASE
        WHEN json_extract(e.value, '$.uid') IS NOT NULL THEN 'uid:' || UPPER(json_extract(e.value, '$.uid'))
        WHEN json_extract(e.value, '$.visual_number') IS NOT NULL THEN 'visual_number:' || UPPER(json_extract(e.value, '$.visual_number'))
        ELSE 'group_id:' || UPPER(json_extract(e.value, '$.group_id')) END
FROM objects o, json_each(o.body, '$.publish_allowed_to') e
WHERE o.module = 'Locations' AND json_extract(o.body, '$.publish') = 0
    AND COALESCE(json_extract(e.value, '$.uid'), json_extract(e.value, '$.visual_number'), json_extract(e.value, '$.group_id')) IS NOT NULL;
