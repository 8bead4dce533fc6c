-- IDnow's Trust Platform beside the classic gateway. An account has a kind; a Trust
-- Platform account keeps its OAuth client id in `company_id`, its API base URL in
-- `gateway_url`, its token endpoint in `token_url` and its environment (`staging` |
-- `live`) in `platform_environment`; the client secret is in the keychain like an API key.
ALTER TABLE accounts ADD COLUMN kind TEXT NOT NULL DEFAULT 'classic';   -- classic | trust-platform
ALTER TABLE accounts ADD COLUMN token_url TEXT;
ALTER TABLE accounts ADD COLUMN platform_environment TEXT;

-- A session is a row of `identifications` (so list, search, overview, retention, purge and
-- four-eyes treat both alike): its id in `transaction_number`, verbatim; its flow and raw
-- status here; `result` holds its outcome word (or its terminal status when that is not
-- COMPLETED). While unsent, the row is keyed by its subject id.
ALTER TABLE identifications ADD COLUMN flow_id TEXT;
ALTER TABLE identifications ADD COLUMN session_status TEXT;
ALTER TABLE identifications ADD COLUMN subject_id TEXT;

-- A session's data blocks, each verbatim as IDnow sent it (personal data, inside the
-- encrypted cache); a block IDnow marks deleted keeps when it was first seen.
CREATE TABLE session_blocks (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    block_id           TEXT NOT NULL,
    block_type         TEXT NOT NULL,
    status             TEXT NOT NULL,
    raw_json           TEXT NOT NULL,
    first_seen_at      TEXT NOT NULL,
    deleted_seen_at    TEXT,
    PRIMARY KEY (account_id, transaction_number, block_id),
    FOREIGN KEY (account_id, transaction_number)
        REFERENCES identifications (account_id, transaction_number) ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

-- Which flows a Trust Platform account has, as last listed (no personal data).
CREATE TABLE platform_flows (
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    flow_id     TEXT NOT NULL,
    raw_json    TEXT NOT NULL,
    listed_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, flow_id)
) STRICT;

-- Where a sessions sync stands per flow: the newest creation time settled in the cache
-- (every session up to it stored), so a re-sync may stop on an older page.
CREATE TABLE platform_sync_marks (
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    flow_id     TEXT NOT NULL,
    settled_to  TEXT NOT NULL,
    PRIMARY KEY (account_id, flow_id)
) STRICT;
