-- An unpublished Location's publish_allowed_to names tokens by uid, else visual_number, else group_id: the hub finds
-- the tokens each entry names, and so who may see the Location, on every push and every page of it. Without these,
-- every look-up read every token the hub holds. Written as DataStore.FindByFieldsAsync queries them (HubDatabase.JsonText).
CREATE INDEX objects_tokens_by_uid ON objects (UPPER(json_extract(body, '$.uid'))) WHERE module = 'Tokens';
CREATE INDEX objects_tokens_by_visual_number ON objects (UPPER(json_extract(body, '$.visual_number'))) WHERE module = 'Tokens';
CREATE INDEX objects_tokens_by_group_id ON objects (UPPER(json_extract(body, '$.group_id'))) WHERE module = 'Tokens';
