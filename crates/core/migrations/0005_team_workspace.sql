-- The team workspace (crates/team): this cache mirrors what the team's server knows about
-- each identification — who claimed and created it, the standing decision — so the list
-- and the detail show it offline too. Personal data never goes the other way.
--
-- * accounts map to the team's accounts registry (by company id and environment);
-- * identifications remember who created them here, and the last result reported to the
--   team (`result|reason|identified_at`), so a sync reports each change once;
-- * local actions waiting for the team's trail (an export or a purge while the server was
--   unreachable) are kept with their request id, so sending one again records it once.

ALTER TABLE accounts ADD COLUMN team_account_id TEXT;
ALTER TABLE identifications ADD COLUMN created_by TEXT;
ALTER TABLE identifications ADD COLUMN team_reported TEXT;

CREATE TABLE team_identifications (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    ident_id           TEXT,
    claimed_by         TEXT,
    created_by         TEXT,
    result             TEXT,
    result_final       INTEGER NOT NULL DEFAULT 0,
    proposal_id        INTEGER,
    decision           TEXT,              -- accept | reject
    state              TEXT,              -- proposed | confirmed | voided
    on_result          TEXT,
    proposed_by        TEXT,
    proposed_at        TEXT,
    confirmed_by       TEXT,
    confirmed_at       TEXT,
    note               TEXT,
    change_seq         INTEGER NOT NULL,
    PRIMARY KEY (account_id, transaction_number)
) STRICT;
CREATE INDEX team_identifications_waiting ON team_identifications (state, proposed_by);

CREATE TABLE team_trail_outbox (
    request_id TEXT PRIMARY KEY,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;
