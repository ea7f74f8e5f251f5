-- A re-driven delivery gets a whole retry window of its own, counted from the re-drive rather than from its creation.
ALTER TABLE deliveries ADD COLUMN retry_window_from BIGINT NULL;
