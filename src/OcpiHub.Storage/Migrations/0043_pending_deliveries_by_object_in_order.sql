-- A claim hands out each receiver's run of an object's pending changes, from the oldest on, to be sent one after
-- another: for each row it finds the object's oldest pending change and the one just before the row. This index of
-- an object's pending deliveries holds the receiver, and the seq last, so both are one seek; the one it replaces
-- had neither, and PostgreSQL kept its equal keys in the order of the rows on disk, which is not that of the changes.
-- Built before the old one is dropped, so reads of deliveries go on while it is built (writes wait for it).
CREATE INDEX deliveries_pending_by_object ON deliveries (receiver_platform, receiver, module, owner, object_key, seq) WHERE status = 'Pending';
DROP INDEX deliveries_by_object;
