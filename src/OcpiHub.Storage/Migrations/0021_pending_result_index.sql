-- Relayed command results are claimed in a lane of their own, apart from their receiver's data changes, so an
-- eMSP's result never waits behind a backlog of its Location changes. This index holds pending results alone (a
-- few at any time): the claim finds them without reading the data backlog.
CREATE INDEX deliveries_pending_results ON deliveries (receiver_platform, seq) WHERE status = 'Pending' AND module = 'Commands';
