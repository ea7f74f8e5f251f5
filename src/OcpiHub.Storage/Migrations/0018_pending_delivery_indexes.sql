-- Deliveries are looked up by receiver and by object only while pending (the claim, the collapse of a failing
-- object's changes, the backlog counts), so the two indexes hold pending ones alone. Whole, they grew with every
-- delivery done (kept for days, Hub:DeliveryRetentionDays) and each completion moved its row within both; now it
-- only leaves them.
DROP INDEX deliveries_pending;
DROP INDEX deliveries_by_object;
CREATE INDEX deliveries_pending ON deliveries (receiver_platform, seq) WHERE status = 'Pending';
CREATE INDEX deliveries_by_object ON deliveries (receiver_platform, module, owner, object_key) WHERE status = 'Pending';
