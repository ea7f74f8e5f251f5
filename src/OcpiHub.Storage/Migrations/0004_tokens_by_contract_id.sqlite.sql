-- A 2.1.1 Session or CDR names its token only by auth_id (= contract_id): the hub finds the token's eMSP by it.
-- Written as DataStore.FindByFieldAsync queries it (HubDatabase.JsonText), so the index applies.
CREATE INDEX objects_tokens_by_contract_id ON objects (UPPER(json_extract(body, '$.contract_id'))) WHERE module = 'Tokens';
