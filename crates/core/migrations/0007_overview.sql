-- The overview. IDnow's identification time, kept raw in `result_at` (its own format and
-- offset), also in the cache's UTC text (`Clock::now_text`'s shape) so it compares and
-- sorts as text; NULL when it is no time at all.
ALTER TABLE identifications ADD COLUMN identified_at TEXT;
UPDATE identifications SET identified_at = strftime('%Y-%m-%dT%H:%M:%fZ', result_at) WHERE result_at IS NOT NULL;

-- Covering indexes: the overview streams these, never the rows (which hold personal data
-- and are large), so 100 000 identifications stay a short scan.
CREATE INDEX identifications_overview_created ON identifications (created_at, account_id, result);
CREATE INDEX identifications_overview_results ON identifications (identified_at, account_id, result, reason, created_at);
