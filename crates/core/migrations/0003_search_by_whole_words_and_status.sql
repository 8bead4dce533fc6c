-- Search, rebuilt for speed over 100 000 rows:
-- * Hyphens and underscores join words, so a transaction number, Ident-ID or double name
--   is one token (`seed-a…`, `tst-kzfrd`, `müller-lüdenscheidt`) and typing its beginning is
--   one prefix lookup, not a phrase checked position by position. Each such value is also
--   indexed in parts, so `lüdenscheidt` or `kzfrd` alone still find it.
-- * A `tags` column holds the state, result, final mark and account as opaque tokens (hex,
--   so any raw result code IDnow may send stays one exact token). A search combined with a
--   status or account filter is then answered, and counted, by the index alone.
-- * The index is brought up to date once per write transaction, not once per row: FTS5
--   writes its pending tokens to disk whenever a statement opens a savepoint, which a row
--   written through a trigger does, so per-row triggers made one index segment per row (a
--   fifth of a sync's time). The triggers here only note which identifications changed;
--   `Store::write` re-indexes those rows just before every commit (`store/search_index.rs`).

DROP TRIGGER identifications_fts_insert;
DROP TRIGGER identifications_fts_delete;
DROP TRIGGER identifications_fts_update;
DROP TABLE identifications_fts;

CREATE VIRTUAL TABLE identifications_fts USING fts5(
    transaction_number, ident_id, firstname, lastname, email, custom, tags,
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-_'"
);
-- Deleted rows leave no tokens behind in the index (purges must remove personal data).
INSERT INTO identifications_fts (identifications_fts, rank) VALUES ('secure-delete', 1);

-- What the index holds for each identification; `Store::write`'s refresh and the backfill
-- below share it.
-- A value with hyphens or underscores is indexed whole and in parts. Tags: `st` state,
-- `rs` result (`rs` alone: none yet), `fin` 0/1, `ac` account id; hex keeps each one token.
CREATE VIEW identifications_search_rows AS
SELECT id,
       CASE WHEN transaction_number GLOB '*[-_]*' THEN transaction_number || ' ' || replace(replace(transaction_number, '-', ' '), '_', ' ') ELSE transaction_number END AS transaction_number,
       CASE WHEN ident_id GLOB '*[-_]*' THEN ident_id || ' ' || replace(replace(ident_id, '-', ' '), '_', ' ') ELSE ident_id END AS ident_id,
       CASE WHEN firstname GLOB '*[-_]*' THEN firstname || ' ' || replace(replace(firstname, '-', ' '), '_', ' ') ELSE firstname END AS firstname,
       CASE WHEN lastname GLOB '*[-_]*' THEN lastname || ' ' || replace(replace(lastname, '-', ' '), '_', ' ') ELSE lastname END AS lastname,
       CASE WHEN email GLOB '*[-_]*' THEN email || ' ' || replace(replace(email, '-', ' '), '_', ' ') ELSE email END AS email,
       CASE WHEN custom GLOB '*[-_]*' THEN custom || ' ' || replace(replace(custom, '-', ' '), '_', ' ') ELSE custom END AS custom,
       tags
  FROM (SELECT rowid AS id, transaction_number, ident_id, firstname, lastname, email,
               concat_ws(' ', json_extract(request_json, '$.custom1'), json_extract(request_json, '$.custom2'),
                         json_extract(request_json, '$.custom3'), json_extract(request_json, '$.custom4'),
                         json_extract(request_json, '$.custom5')) AS custom,
               'st' || hex(state) || ' rs' || hex(coalesce(result, '')) || ' fin' || result_final
                 || ' ac' || hex(account_id) AS tags
          FROM identifications);

CREATE TABLE identifications_search_pending (
    id INTEGER PRIMARY KEY          -- identifications.rowid, to (re-)index or remove
) STRICT;

CREATE TRIGGER identifications_search_insert AFTER INSERT ON identifications BEGIN
    INSERT OR IGNORE INTO identifications_search_pending (id) VALUES (new.rowid);
END;

CREATE TRIGGER identifications_search_delete AFTER DELETE ON identifications BEGIN
    INSERT OR IGNORE INTO identifications_search_pending (id) VALUES (old.rowid);
END;

CREATE TRIGGER identifications_search_update
AFTER UPDATE OF transaction_number, ident_id, firstname, lastname, email, request_json, state, result, result_final, account_id
ON identifications
WHEN old.transaction_number IS NOT new.transaction_number OR old.ident_id IS NOT new.ident_id
  OR old.firstname IS NOT new.firstname OR old.lastname IS NOT new.lastname
  OR old.email IS NOT new.email OR old.request_json IS NOT new.request_json
  OR old.state IS NOT new.state OR old.result IS NOT new.result
  OR old.result_final IS NOT new.result_final OR old.account_id IS NOT new.account_id
BEGIN
    INSERT OR IGNORE INTO identifications_search_pending (id) VALUES (new.rowid);
END;

-- Every identification already cached enters the new index now.
INSERT INTO identifications_fts (rowid, transaction_number, ident_id, firstname, lastname, email, custom, tags)
SELECT id, transaction_number, ident_id, firstname, lastname, email, custom, tags FROM identifications_search_rows;
