-- A CPO and an eMSP have at most one agreement that has not ended: with two (a double-click, a retried request),
-- suspending one left data flowing through the other. Where a pair has several already, the one changed last (the
-- operator's last word) is kept and the others are ended.
UPDATE agreements SET status = 'Ended'
WHERE status <> 'Ended' AND EXISTS (
    SELECT 1 FROM agreements later
    WHERE later.cpo = agreements.cpo AND later.emsp = agreements.emsp AND later.status <> 'Ended' AND later.id <> agreements.id
        AND (later.updated_at > agreements.updated_at OR (later.updated_at = agreements.updated_at AND later.id > agreements.id)));
CREATE UNIQUE INDEX agreements_one_per_pair ON agreements (cpo, emsp) WHERE status <> 'Ended';
