-- The delivery worker's claim finds the receivers with pending deliveries by seeking deliveries_pending once per
-- receiver, then reads only idle receivers' deliveries: a busy receiver's backlog is never scanned. It replaces
-- deliveries_due, which let a claim walk every pending delivery of every receiver.
DROP INDEX deliveries_due;
CREATE INDEX deliveries_pending ON deliveries (status, receiver_platform, seq);
-- Enqueueing looks up, once per batch, which receivers are failing the batch's objects: failed pending deliveries
-- are few, so this index stays small however long a slow receiver's backlog grows.
CREATE INDEX deliveries_failing ON deliveries (status, module, owner, object_key) WHERE status = 'Pending' AND attempts > 0;
