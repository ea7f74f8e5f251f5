-- An unregistered platform carries no parties any more, so its partner (or another platform) can connect them
-- again (the parties key is country_code, party_id, role). Releases those that earlier versions kept.
DELETE FROM parties WHERE platform_id IN (SELECT id FROM platforms WHERE status = 'Unregistered');
