-- The raw result JSON, deflated (`store/packed_json.rs`): it was half of the cache's bytes
-- and of a first sync's writes. The rows move into a table whose column says what it holds;
-- a Rust step packs the ones cached already, then this table takes the old one's name.
CREATE TABLE results_packed (
    account_id         TEXT NOT NULL,
    transaction_number TEXT NOT NULL COLLATE NOCASE,
    raw_json_deflated  BLOB NOT NULL,
    fetched_at         TEXT NOT NULL,
    PRIMARY KEY (account_id, transaction_number),
    FOREIGN KEY (account_id, transaction_number)
        REFERENCES identifications (account_id, transaction_number) ON DELETE CASCADE
) STRICT;
