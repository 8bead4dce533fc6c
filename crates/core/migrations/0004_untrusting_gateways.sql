-- Gateways are not trusted (see crates/idnow/src/limits.rs and core/src/archive.rs):
-- * each account may raise the largest answer it accepts (lists, archives, signed PDFs);
-- * each account may carry the public key that verifies its result XML's signature (it
--   lived in `settings` before, under `xml_key:<account>`);
-- * a stored archive remembers whether its signature was verified, and each file whether
--   that signature covers it (only the XML does).

ALTER TABLE accounts ADD COLUMN answer_limit_mib INTEGER;        -- NULL: the default
ALTER TABLE accounts ADD COLUMN xml_signing_key TEXT;            -- PEM public key, or NULL

UPDATE accounts SET xml_signing_key =
    (SELECT value FROM settings WHERE key = 'xml_key:' || accounts.id);
DELETE FROM settings WHERE key LIKE 'xml_key:%';

ALTER TABLE attachments ADD COLUMN covered_by_signature INTEGER NOT NULL DEFAULT 0;
ALTER TABLE identifications ADD COLUMN archive_signature TEXT;   -- verified | unchecked
