-- Several hub nodes share the delivery queue: a lease names the node that holds it, so a node starting releases
-- only its own leases, records outcomes only of deliveries it still holds, and renews what it holds in one
-- statement. A dead node's leases simply expire and any node takes them over.
ALTER TABLE deliveries ADD COLUMN lease_owner TEXT NULL;
CREATE INDEX deliveries_leased ON deliveries (lease_owner, seq) WHERE lease_owner IS NOT NULL;
