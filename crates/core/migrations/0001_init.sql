-- IdentDesk's first schema: accounts, identifications (with the create outbox), audit log.

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,               -- UUID v4; the keychain entry's name
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    company_id  TEXT NOT NULL,
    environment TEXT NOT NULL,                  -- de-live | de-test | ch-live | white-label | sandbox
    gateway_url TEXT,                           -- white-label only
    go_url      TEXT,
    api_url     TEXT,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE identifications (
    account_id         TEXT NOT NULL REFERENCES accounts(id),
    transaction_number TEXT NOT NULL COLLATE NOCASE,  -- IDnow compares case-insensitively
    ident_id           TEXT,                          -- known once IDnow acknowledged
    state              TEXT NOT NULL,                 -- outbox | created
    result             TEXT,                          -- IDnow's result code, kept raw
    request_json       TEXT NOT NULL,                 -- what was sent (personal data)
    firstname          TEXT,
    lastname           TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (account_id, transaction_number)
) STRICT;

CREATE INDEX identifications_by_created ON identifications (created_at DESC);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,                          -- e.g. identification.created
    subject TEXT                                    -- account id or transaction number, never personal data
) STRICT;
