-- The back office: results and their history, eSign, attachments, answer templates,
-- settings, four-eyes acceptance, a hash-chained audit log, and full-text search.

ALTER TABLE accounts ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90;

ALTER TABLE identifications ADD COLUMN reason TEXT;
ALTER TABLE identifications ADD COLUMN result_final INTEGER NOT NULL DEFAULT 0;
ALTER TABLE identifications ADD COLUMN result_at TEXT;        -- IDnow's identificationtime
ALTER TABLE identifications ADD COLUMN final_at TEXT;         -- when we first saw a final result
ALTER TABLE identifications ADD COLUMN synced_at TEXT;
ALTER TABLE identifications ADD COLUMN email TEXT;            -- personal, for search
ALTER TABLE identifications ADD COLUMN links_json TEXT;       -- the links handed to the person
ALTER TABLE identifications ADD COLUMN purged_at TEXT;        -- personal data removed …
ALTER TABLE identifications ADD COLUMN purge_reason TEXT;     -- … because: canceled | retention | deleted

-- One index per sort and filter of the list; each ends in the implicit rowid, the list's
-- tie-breaker, so a LIMITed page reads only its rows (backwards for descending order).
DROP INDEX identifications_by_created;
CREATE INDEX identifications_by_created ON identifications (created_at);
CREATE INDEX identifications_by_updated ON identifications (updated_at);
CREATE INDEX identifications_by_name ON identifications (lastname COLLATE NOCASE, firstname COLLATE NOCASE);
CREATE INDEX identifications_by_status ON identifications (coalesce(result, state), created_at);
CREATE INDEX identifications_by_result ON identifications (result, created_at);
CREATE INDEX identifications_by_final ON identifications (result_final, created_at);
CREATE INDEX identifications_by_account ON identifications (account_id, created_at);

-- The latest result object, verbatim as IDnow sent it (personal data).
CREATE TABLE results (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    raw_json           TEXT NOT NULL,
    fetched_at         TEXT NOT NULL,
    PRIMARY KEY (account_id, transaction_number),
    FOREIGN KEY (account_id, transaction_number)
        REFERENCES identifications (account_id, transaction_number) ON DELETE CASCADE
) STRICT;

-- Every result an identification went through, in the order we saw them.
CREATE TABLE status_history (
    id                 INTEGER PRIMARY KEY,
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    result             TEXT NOT NULL,
    reason             TEXT,
    identified_at      TEXT,
    observed_at        TEXT NOT NULL
) STRICT;
CREATE INDEX status_history_by_identification ON status_history (account_id, transaction_number, id);

CREATE TABLE esign_definitions (
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    identifier  TEXT NOT NULL,
    json        TEXT NOT NULL,
    fetched_at  TEXT NOT NULL,
    PRIMARY KEY (account_id, identifier)
) STRICT;

CREATE TABLE esign_documents (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    identifier         TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    sha256             TEXT NOT NULL,     -- of the bytes we uploaded
    idnow_hash         TEXT,              -- what IDnow reported
    status             TEXT NOT NULL,     -- IDnow's document status, raw
    size_bytes         INTEGER NOT NULL,
    uploaded_at        TEXT NOT NULL,
    signed_pdf         BLOB,              -- personal: kept inside the encrypted cache
    PRIMARY KEY (account_id, transaction_number, identifier)
) STRICT;

-- Files from the result archive, inside the encrypted cache (personal data).
CREATE TABLE attachments (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    name               TEXT NOT NULL,
    media_type         TEXT NOT NULL,
    bytes              BLOB NOT NULL,
    PRIMARY KEY (account_id, transaction_number, name)
) STRICT;

CREATE TABLE answer_templates (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    name           TEXT NOT NULL,
    questions_json TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (account_id, name)
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Four-eyes: one officer proposes, another confirms.
CREATE TABLE acceptances (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    decision           TEXT NOT NULL,     -- accept | reject
    note               TEXT NOT NULL,
    result_at_proposal TEXT NOT NULL,
    proposed_by        TEXT NOT NULL,
    proposed_at        TEXT NOT NULL,
    confirmed_by       TEXT,
    confirmed_at       TEXT,
    voided_at          TEXT,              -- a newer result arrived before confirmation
    PRIMARY KEY (account_id, transaction_number)
) STRICT;

ALTER TABLE audit_log ADD COLUMN detail TEXT;     -- before → after, no personal data
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- Full-text search over names, numbers, ids, e-mail and custom fields.
CREATE VIRTUAL TABLE identifications_fts USING fts5(
    transaction_number, ident_id, firstname, lastname, email, custom,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Deleted rows leave no tokens behind in the index (purges must remove personal data).
INSERT INTO identifications_fts (identifications_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER identifications_fts_insert AFTER INSERT ON identifications BEGIN
    INSERT INTO identifications_fts (rowid, transaction_number, ident_id, firstname, lastname, email, custom)
    VALUES (new.rowid, new.transaction_number, new.ident_id, new.firstname, new.lastname, new.email,
            concat_ws(' ', json_extract(new.request_json, '$.custom1'), json_extract(new.request_json, '$.custom2'),
                      json_extract(new.request_json, '$.custom3'), json_extract(new.request_json, '$.custom4'),
                      json_extract(new.request_json, '$.custom5')));
END;

CREATE TRIGGER identifications_fts_delete AFTER DELETE ON identifications BEGIN
    DELETE FROM identifications_fts WHERE rowid = old.rowid;
END;

CREATE TRIGGER identifications_fts_update AFTER UPDATE OF transaction_number, ident_id, firstname, lastname, email, request_json
ON identifications
WHEN old.transaction_number IS NOT new.transaction_number OR old.ident_id IS NOT new.ident_id
  OR old.firstname IS NOT new.firstname OR old.lastname IS NOT new.lastname
  OR old.email IS NOT new.email OR old.request_json IS NOT new.request_json
BEGIN
    DELETE FROM identifications_fts WHERE rowid = old.rowid;
    INSERT INTO identifications_fts (rowid, transaction_number, ident_id, firstname, lastname, email, custom)
    VALUES (new.rowid, new.transaction_number, new.ident_id, new.firstname, new.lastname, new.email,
            concat_ws(' ', json_extract(new.request_json, '$.custom1'), json_extract(new.request_json, '$.custom2'),
                      json_extract(new.request_json, '$.custom3'), json_extract(new.request_json, '$.custom4'),
                      json_extract(new.request_json, '$.custom5')));
END;

-- Rows of the first schema get their e-mail column and enter the search index.
UPDATE identifications SET email = json_extract(request_json, '$.email');
INSERT INTO identifications_fts (rowid, transaction_number, ident_id, firstname, lastname, email, custom)
SELECT rowid, transaction_number, ident_id, firstname, lastname, email,
       concat_ws(' ', json_extract(request_json, '$.custom1'), json_extract(request_json, '$.custom2'),
                 json_extract(request_json, '$.custom3'), json_extract(request_json, '$.custom4'),
                 json_extract(request_json, '$.custom5'))
  FROM identifications WHERE rowid NOT IN (SELECT rowid FROM identifications_fts);
