-- Delivered deliveries and dead letters are removed some days after they ended (Hub:DeliveryRetentionDays,
-- Hub:DeadLetterRetentionDays), so the outbox does not grow with traffic alone. ended_at says when a delivery was
-- delivered or given up; the index holds only ended ones, so the pending deliveries that every push writes and
-- every claim reads cost nothing more, and the cleanup finds the oldest of each status without a scan.
ALTER TABLE deliveries ADD COLUMN ended_at BIGINT NULL;
UPDATE deliveries SET ended_at = created_at WHERE status <> 'Pending';
CREATE INDEX deliveries_ended ON deliveries (status, ended_at) WHERE ended_at IS NOT NULL;
