-- Retention for every identification: one never finished (never sent, created but never
-- started, still pending, or aborted) is purged this many days after its creation (or
-- after this cache first saw it), apart from the days kept after a final result.

ALTER TABLE accounts ADD COLUMN unfinished_retention_days INTEGER NOT NULL DEFAULT 30;
