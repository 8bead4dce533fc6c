-- IdentDesk team workspace, schema version 1.
--
-- Applied by `identdesk-cli team init` as the role identdesk_owner (NOLOGIN, no superuser,
-- no CREATEROLE), which owns every object here. Officers, auditors and administrators hold
-- no privilege on any table: every read and write is a SECURITY DEFINER function below that
-- checks the caller's role with pg_has_role(session_user, …), writes the row and its audit
-- entry in one transaction, and NOTIFYs. The actor is always session_user: no function
-- takes a name.
--
-- What this database holds: transaction numbers, Ident-IDs, the accounts registry (no API
-- keys), result and reason codes, final flags, times, who created what, proposals,
-- confirmations and notes (which the app says must hold no personal data), the audit
-- trail, answer templates and retention policies. Never names, birthdays, addresses,
-- documents or media: those stay in each officer's encrypted local cache.
--
-- Custom SQLSTATEs (the app maps them to its error codes):
--   IA001 confirming one's own proposal      IA002 the result changed (or was voided)
--   IA003 a decision stands already           IA004 the caller's role may not do this
--   IA005 the transaction number is taken     IA006 not found
--   IA007 invalid input

CREATE TABLE identdesk.schema_migrations (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- Officers added by `team add-officer`, and whether their password is a one-time one.
CREATE TABLE identdesk.officers (
    name text PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('officer', 'auditor', 'admin')),
    must_change_password boolean NOT NULL DEFAULT false,
    added_by text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- The accounts registry: which IDnow accounts the team works with (never an API key).
CREATE TABLE identdesk.accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    company_id text NOT NULL CHECK (length(company_id) BETWEEN 1 AND 200),
    environment text NOT NULL CHECK (environment IN ('de-live', 'de-test', 'ch-live', 'white-label', 'sandbox')),
    -- Only for white-label hosts; '' otherwise, so the key below is unique.
    gateway_url text NOT NULL DEFAULT '',
    retention_days integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
    -- An identification that never finished: days after its creation.
    unfinished_retention_days integer NOT NULL DEFAULT 30 CHECK (unfinished_retention_days BETWEEN 1 AND 3650),
    registered_by text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, environment, gateway_url)
);

-- Every change to an identification or its decision takes the next number: an app
-- mirrors what changed since the last number it saw.
CREATE SEQUENCE identdesk.change_seq;

CREATE TABLE identdesk.identifications (
    account_id uuid NOT NULL REFERENCES identdesk.accounts (id),
    txn_key text NOT NULL,                 -- the transaction number, lower-cased
    transaction_number text NOT NULL,
    claimed_by text,
    claimed_at timestamptz,
    created_by text,
    created_at timestamptz,
    ident_id text,
    result text,
    reason text,
    identified_at text,
    result_final boolean NOT NULL DEFAULT false,
    -- When the team first heard of it (a claim, or a result learned by sync): the
    -- overview's creation time for an identification made elsewhere.
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    change_seq bigint NOT NULL DEFAULT nextval('identdesk.change_seq'),
    PRIMARY KEY (account_id, txn_key)
);
CREATE INDEX identifications_by_change ON identdesk.identifications (change_seq);

-- Every result an app reported, with its reporter: a forged report can be traced.
CREATE TABLE identdesk.result_reports (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid NOT NULL,
    txn_key text NOT NULL,
    result text NOT NULL,
    reason text,
    identified_at text,
    result_final boolean NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('changed', 'unchanged', 'ignored-backwards')),
    reported_by text NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now()
);

-- Notes sit outside the hashed chain (the chain holds their hash), so retention can
-- remove a note's text without breaking the trail.
CREATE TABLE identdesk.notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body text,
    sha256 text NOT NULL,
    written_by text NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz
);

CREATE TABLE identdesk.proposals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid NOT NULL,
    txn_key text NOT NULL,
    decision text NOT NULL CHECK (decision IN ('accept', 'reject')),
    note_id bigint NOT NULL REFERENCES identdesk.notes (id),
    -- The result the proposer saw, and when IDnow says it was reached.
    on_result text NOT NULL,
    on_identified_at text,
    proposed_by text NOT NULL,
    proposed_at timestamptz NOT NULL DEFAULT now(),
    state text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'confirmed', 'voided')),
    confirmed_by text,
    confirmed_at timestamptz,
    voided_at timestamptz,
    voided_by_report bigint REFERENCES identdesk.result_reports (id),
    FOREIGN KEY (account_id, txn_key) REFERENCES identdesk.identifications (account_id, txn_key),
    CHECK (confirmed_by IS NULL OR confirmed_by <> proposed_by)
);
-- At most one proposal stands on an identification: waiting, or confirmed.
CREATE UNIQUE INDEX one_standing_proposal ON identdesk.proposals (account_id, txn_key)
    WHERE state IN ('proposed', 'confirmed');

-- An account's reusable sets of pre-defined answers to questions.
CREATE TABLE identdesk.templates (
    account_id uuid NOT NULL REFERENCES identdesk.accounts (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    answers jsonb NOT NULL,
    saved_by text NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, name)
);

-- Each team action's request id and answer: a reply lost with its COMMIT is resolved by
-- asking again with the same id.
CREATE TABLE identdesk.requests (
    id uuid PRIMARY KEY,
    actor text NOT NULL,
    action text NOT NULL,
    answer jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

-- What NOTIFY announces: only this row's id goes out; apps re-read through functions.
CREATE TABLE identdesk.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL,
    actor text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

-- The audit trail: hash-chained, numbered under the lock on the head row (no gaps on
-- rollback, no forks under concurrency).
CREATE TABLE identdesk.audit (
    seq bigint PRIMARY KEY,
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    subject text NOT NULL,
    detail text NOT NULL,
    note_id bigint REFERENCES identdesk.notes (id),
    note_sha256 text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
);
CREATE TABLE identdesk.audit_head (
    id integer PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO identdesk.audit_head VALUES (1, 0, repeat('0', 64));

-- ───────────────────────── internal helpers (no one may call them) ─────────────────────────

-- An entry's hash: SHA-256 over each field as "<characters>:<text>;" in this order. The
-- app computes the same to verify the chain.
CREATE FUNCTION identdesk._entry_hash(p_prev text, p_seq bigint, p_at text, p_actor text,
                                      p_action text, p_subject text, p_detail text, p_note text)
RETURNS text LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
    SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
        pg_catalog.concat(
            pg_catalog.length(p_prev), ':', p_prev, ';',
            pg_catalog.length(p_seq::text), ':', p_seq::text, ';',
            pg_catalog.length(p_at), ':', p_at, ';',
            pg_catalog.length(p_actor), ':', p_actor, ';',
            pg_catalog.length(p_action), ':', p_action, ';',
            pg_catalog.length(p_subject), ':', p_subject, ';',
            pg_catalog.length(p_detail), ':', p_detail, ';',
            pg_catalog.length(p_note), ':', p_note, ';'),
        'UTF8')), 'hex')
$$;

CREATE FUNCTION identdesk._audit(p_action text, p_subject text, p_detail text, p_note_id bigint DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_head record;
    v_seq bigint;
    v_at text := pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    v_note text := '';
    v_hash text;
BEGIN
    SELECT seq, hash INTO v_head FROM identdesk.audit_head WHERE id = 1 FOR UPDATE;
    v_seq := v_head.seq + 1;
    IF p_note_id IS NOT NULL THEN
        SELECT sha256 INTO v_note FROM identdesk.notes WHERE id = p_note_id;
    END IF;
    v_hash := identdesk._entry_hash(v_head.hash, v_seq, v_at, session_user::text, p_action,
                                    p_subject, coalesce(p_detail, ''), v_note);
    INSERT INTO identdesk.audit (seq, at, actor, action, subject, detail, note_id, note_sha256, prev_hash, hash)
    VALUES (v_seq, v_at, session_user, p_action, p_subject, coalesce(p_detail, ''), p_note_id, v_note, v_head.hash, v_hash);
    UPDATE identdesk.audit_head SET seq = v_seq, hash = v_hash WHERE id = 1;
    RETURN v_seq;
END
$$;

CREATE FUNCTION identdesk._event(p_kind text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_id bigint;
BEGIN
    INSERT INTO identdesk.events (kind, actor) VALUES (p_kind, session_user) RETURNING id INTO v_id;
    PERFORM pg_catalog.pg_notify('identdesk', v_id::text);
END
$$;

CREATE FUNCTION identdesk._require(p_roles text[]) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_role text;
BEGIN
    FOREACH v_role IN ARRAY p_roles LOOP
        IF pg_catalog.pg_has_role(session_user, v_role, 'MEMBER') THEN
            RETURN;
        END IF;
    END LOOP;
    RAISE EXCEPTION '% may not do this: it needs the role %.', session_user, pg_catalog.array_to_string(p_roles, ' or ')
        USING ERRCODE = 'IA004';
END
$$;

-- The answer an earlier call with this request id gave (a lost reply asked again).
CREATE FUNCTION identdesk._replay(p_request uuid) RETURNS jsonb LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_request record;
BEGIN
    IF p_request IS NULL THEN
        RAISE EXCEPTION 'Every team action carries a request id.' USING ERRCODE = 'IA007';
    END IF;
    SELECT actor, answer INTO v_request FROM identdesk.requests WHERE id = p_request;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_request.actor <> session_user THEN
        RAISE EXCEPTION 'This request id belongs to another officer.' USING ERRCODE = 'IA007';
    END IF;
    RETURN v_request.answer;
END
$$;

CREATE FUNCTION identdesk._remember(p_request uuid, p_action text, p_answer jsonb) RETURNS jsonb LANGUAGE sql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
    INSERT INTO identdesk.requests (id, actor, action, answer) VALUES (p_request, session_user, p_action, p_answer);
    SELECT p_answer;
$$;

CREATE FUNCTION identdesk._account(p_account uuid) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM identdesk.accounts WHERE id = p_account) THEN
        RAISE EXCEPTION 'The team workspace has no account %.', p_account USING ERRCODE = 'IA006';
    END IF;
END
$$;

-- One result report: results only move forward (a final result changes only to CANCELED);
-- a change voids a proposal made on another result. Returns the outcome.
CREATE FUNCTION identdesk._report(p_account uuid, p_txn text, p_result text, p_reason text,
                                  p_identified_at text, p_final boolean)
RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_key text := pg_catalog.lower(p_txn);
    v_current record;
    v_outcome text;
    v_report bigint;
    v_voided record;
BEGIN
    IF p_result IS NULL OR p_result !~ '^[A-Z_]{1,64}$' OR p_txn IS NULL OR length(p_txn) NOT BETWEEN 1 AND 255 THEN
        RAISE EXCEPTION 'A result report needs a transaction number and a result code.' USING ERRCODE = 'IA007';
    END IF;
    SELECT * INTO v_current FROM identdesk.identifications
     WHERE account_id = p_account AND txn_key = v_key FOR UPDATE;
    IF NOT FOUND THEN
        -- Created elsewhere (another system, IDnow's portal): the team learns of it now.
        INSERT INTO identdesk.identifications (account_id, txn_key, transaction_number, result, reason,
                                               identified_at, result_final)
        VALUES (p_account, v_key, p_txn, p_result, p_reason, p_identified_at, p_final);
        v_outcome := 'changed';
    ELSIF v_current.result IS NOT DISTINCT FROM p_result
          AND v_current.reason IS NOT DISTINCT FROM p_reason
          AND v_current.identified_at IS NOT DISTINCT FROM p_identified_at THEN
        v_outcome := 'unchanged';
    ELSIF v_current.result_final AND NOT (p_final AND p_result = 'CANCELED') THEN
        v_outcome := 'ignored-backwards';
    ELSE
        UPDATE identdesk.identifications
           SET result = p_result, reason = p_reason, identified_at = p_identified_at,
               result_final = p_final, change_seq = nextval('identdesk.change_seq')
         WHERE account_id = p_account AND txn_key = v_key;
        v_outcome := 'changed';
    END IF;
    INSERT INTO identdesk.result_reports (account_id, txn_key, result, reason, identified_at, result_final,
                                          outcome, reported_by)
    VALUES (p_account, v_key, p_result, p_reason, p_identified_at, p_final, v_outcome, session_user)
    RETURNING id INTO v_report;
    IF v_outcome = 'changed' THEN
        FOR v_voided IN
            UPDATE identdesk.proposals
               SET state = 'voided', voided_at = now(), voided_by_report = v_report
             WHERE account_id = p_account AND txn_key = v_key AND state = 'proposed'
               AND (on_result, on_identified_at) IS DISTINCT FROM (p_result, p_identified_at)
            RETURNING id, on_result
        LOOP
            PERFORM identdesk._audit('decision.voided', p_txn,
                pg_catalog.format('proposal %s on %s voided by %s (report %s)', v_voided.id, v_voided.on_result, p_result, v_report));
        END LOOP;
    END IF;
    RETURN v_outcome;
END
$$;

-- ───────────────────────── everyone in the team ─────────────────────────

CREATE FUNCTION identdesk.whoami()
RETURNS TABLE (officer text, is_officer boolean, is_auditor boolean, is_admin boolean,
               schema_version integer, must_change_password boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
    SELECT session_user::text,
           pg_catalog.pg_has_role(session_user, 'identdesk_officer', 'MEMBER'),
           pg_catalog.pg_has_role(session_user, 'identdesk_auditor', 'MEMBER'),
           pg_catalog.pg_has_role(session_user, 'identdesk_admin', 'MEMBER'),
           (SELECT max(version) FROM identdesk.schema_migrations),
           coalesce((SELECT must_change_password FROM identdesk.officers WHERE name = session_user), false)
$$;

-- After ALTER ROLE … PASSWORD at the first join: the one-time password is gone.
CREATE FUNCTION identdesk.password_changed() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    UPDATE identdesk.officers SET must_change_password = false WHERE name = session_user;
    PERFORM identdesk._audit('officer.password_changed', session_user, '');
END
$$;

CREATE FUNCTION identdesk.accounts()
RETURNS TABLE (id uuid, name text, company_id text, environment text, gateway_url text, retention_days integer,
               unfinished_retention_days integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY SELECT a.id, a.name, a.company_id, a.environment, a.gateway_url, a.retention_days,
                        a.unfinished_retention_days
                   FROM identdesk.accounts a ORDER BY a.name;
END
$$;

-- What changed since `p_after` (a change number): identifications with their standing or
-- latest proposal. The app mirrors it into its cache.
CREATE FUNCTION identdesk.changes_since(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, account_id uuid, transaction_number text, ident_id text,
               claimed_by text, created_by text, result text, result_final boolean,
               proposal_id bigint, decision text, state text, on_result text, proposed_by text,
               proposed_at timestamptz, confirmed_by text, confirmed_at timestamptz, note text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT i.change_seq, i.account_id, i.transaction_number, i.ident_id, i.claimed_by, i.created_by,
           i.result, i.result_final, p.id, p.decision, p.state, p.on_result, p.proposed_by,
           p.proposed_at, p.confirmed_by, p.confirmed_at, n.body
      FROM identdesk.identifications i
      LEFT JOIN LATERAL (
          SELECT * FROM identdesk.proposals q
           WHERE q.account_id = i.account_id AND q.txn_key = i.txn_key
           ORDER BY q.id DESC LIMIT 1) p ON true
      LEFT JOIN identdesk.notes n ON n.id = p.note_id
     WHERE i.change_seq > p_after
     ORDER BY i.change_seq
     LIMIT least(greatest(p_limit, 1), 10000);
END
$$;

CREATE FUNCTION identdesk.audit_head() RETURNS TABLE (seq bigint, hash text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY SELECT h.seq, h.hash FROM identdesk.audit_head h WHERE h.id = 1;
END
$$;

-- Entries from `p_from` on, oldest first (verification), at most `p_limit`.
CREATE FUNCTION identdesk.audit_entries(p_from bigint, p_limit integer)
RETURNS TABLE (seq bigint, at text, actor text, action text, subject text, detail text,
               note_sha256 text, prev_hash text, hash text, note text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT a.seq, a.at, a.actor, a.action, a.subject, a.detail, a.note_sha256, a.prev_hash, a.hash, n.body
      FROM identdesk.audit a LEFT JOIN identdesk.notes n ON n.id = a.note_id
     WHERE a.seq >= p_from ORDER BY a.seq LIMIT least(greatest(p_limit, 1), 10000);
END
$$;

-- The newest entries first (the audit screen).
CREATE FUNCTION identdesk.audit_newest(p_limit integer, p_offset integer)
RETURNS TABLE (seq bigint, at text, actor text, action text, subject text, detail text, note text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT a.seq, a.at, a.actor, a.action, a.subject, a.detail, n.body
      FROM identdesk.audit a LEFT JOIN identdesk.notes n ON n.id = a.note_id
     ORDER BY a.seq DESC LIMIT least(greatest(p_limit, 1), 1000) OFFSET greatest(p_offset, 0);
END
$$;

CREATE FUNCTION identdesk.templates(p_account uuid) RETURNS TABLE (name text, answers jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY SELECT t.name, t.answers FROM identdesk.templates t
                  WHERE t.account_id = p_account ORDER BY t.name;
END
$$;

-- ───────────────────────── officers ─────────────────────────

-- Claims a transaction number before the request leaves for IDnow: 'claimed' (new),
-- 'mine' (claimed by the caller before: go on, IDnow updates on a repeated number) or
-- 'taken' (by someone else: do not send).
CREATE FUNCTION identdesk.claim(p_request uuid, p_account uuid, p_txn text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
    v_row record;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    IF p_txn IS NULL OR p_txn !~ '^[A-Za-z0-9_-]{1,255}$' THEN
        RAISE EXCEPTION 'A transaction number has letters, digits, - and _ only, at most 255.' USING ERRCODE = 'IA007';
    END IF;
    INSERT INTO identdesk.identifications (account_id, txn_key, transaction_number, claimed_by, claimed_at)
    VALUES (p_account, v_key, p_txn, session_user, now())
    ON CONFLICT (account_id, txn_key) DO NOTHING;
    IF FOUND THEN
        PERFORM identdesk._audit('identification.claimed', p_txn, '');
        PERFORM identdesk._event('identification');
        v_answer := pg_catalog.jsonb_build_object('status', 'claimed');
    ELSE
        SELECT claimed_by, created_by INTO v_row FROM identdesk.identifications
         WHERE account_id = p_account AND txn_key = v_key;
        IF v_row.claimed_by = session_user THEN
            v_answer := pg_catalog.jsonb_build_object('status', 'mine');
        ELSE
            v_answer := pg_catalog.jsonb_build_object('status', 'taken',
                'by', coalesce(v_row.claimed_by, v_row.created_by, 'another system'));
        END IF;
    END IF;
    RETURN identdesk._remember(p_request, 'claim', v_answer);
END
$$;

-- IDnow acknowledged the creation of a claimed transaction number.
CREATE FUNCTION identdesk.created(p_request uuid, p_account uuid, p_txn text, p_ident_id text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    UPDATE identdesk.identifications
       SET created_by = coalesce(created_by, session_user), created_at = coalesce(created_at, now()),
           ident_id = coalesce(p_ident_id, ident_id), change_seq = nextval('identdesk.change_seq')
     WHERE account_id = p_account AND txn_key = v_key AND claimed_by = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'The transaction number % is not claimed by %.', p_txn, session_user USING ERRCODE = 'IA005';
    END IF;
    PERFORM identdesk._audit('identification.created', p_txn, coalesce(p_ident_id, ''));
    PERFORM identdesk._event('identification');
    RETURN identdesk._remember(p_request, 'created', pg_catalog.jsonb_build_object('status', 'created'));
END
$$;

-- Result changes an app saw at IDnow (codes and times, never data):
-- [{"txn", "result", "reason", "identifiedAt", "final"}, …].
CREATE FUNCTION identdesk.report_results(p_request uuid, p_account uuid, p_reports jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_report jsonb;
    v_outcome text;
    v_changed integer := 0;
    v_ignored integer := 0;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    IF pg_catalog.jsonb_typeof(p_reports) <> 'array' OR pg_catalog.jsonb_array_length(p_reports) > 10000 THEN
        RAISE EXCEPTION 'Reports come as an array of at most 10000.' USING ERRCODE = 'IA007';
    END IF;
    FOR v_report IN SELECT * FROM pg_catalog.jsonb_array_elements(p_reports) LOOP
        v_outcome := identdesk._report(p_account, v_report->>'txn', v_report->>'result', v_report->>'reason',
                                       v_report->>'identifiedAt', coalesce((v_report->>'final')::boolean, false));
        IF v_outcome = 'changed' THEN v_changed := v_changed + 1; END IF;
        IF v_outcome = 'ignored-backwards' THEN v_ignored := v_ignored + 1; END IF;
    END LOOP;
    IF v_changed > 0 THEN
        PERFORM identdesk._audit('results.reported', p_account::text,
            pg_catalog.format('%s changed, %s ignored (results only move forward)', v_changed, v_ignored));
        PERFORM identdesk._event('results');
    END IF;
    RETURN identdesk._remember(p_request, 'report_results',
        pg_catalog.jsonb_build_object('changed', v_changed, 'ignored', v_ignored));
END
$$;

-- Proposes to accept or reject the final result the proposer saw at IDnow.
CREATE FUNCTION identdesk.propose(p_request uuid, p_account uuid, p_txn text, p_decision text, p_note text,
                                  p_seen_result text, p_seen_reason text, p_seen_identified_at text,
                                  p_seen_final boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
    v_ident record;
    v_standing record;
    v_note bigint;
    v_proposal bigint;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    IF p_decision NOT IN ('accept', 'reject') THEN
        RAISE EXCEPTION 'A decision is accept or reject.' USING ERRCODE = 'IA007';
    END IF;
    IF p_note IS NULL OR pg_catalog.btrim(p_note) = '' OR length(p_note) > 2000 THEN
        RAISE EXCEPTION 'Write a note saying why (no personal data; at most 2000 characters).' USING ERRCODE = 'IA007';
    END IF;
    PERFORM identdesk._report(p_account, p_txn, p_seen_result, p_seen_reason, p_seen_identified_at, p_seen_final);
    SELECT * INTO v_ident FROM identdesk.identifications
     WHERE account_id = p_account AND txn_key = v_key FOR UPDATE;
    IF (v_ident.result, v_ident.identified_at) IS DISTINCT FROM (p_seen_result, p_seen_identified_at) THEN
        RAISE EXCEPTION 'The result is % now, not the % you saw; look at it again.', v_ident.result, p_seen_result
            USING ERRCODE = 'IA002';
    END IF;
    IF NOT v_ident.result_final THEN
        RAISE EXCEPTION 'Only a final result can be accepted or rejected.' USING ERRCODE = 'IA007';
    END IF;
    SELECT proposed_by, state INTO v_standing FROM identdesk.proposals
     WHERE account_id = p_account AND txn_key = v_key AND state IN ('proposed', 'confirmed');
    IF FOUND THEN
        RAISE EXCEPTION 'A decision stands already (% by %).', v_standing.state, v_standing.proposed_by
            USING ERRCODE = 'IA003';
    END IF;
    INSERT INTO identdesk.notes (body, sha256, written_by)
    VALUES (p_note, pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_note, 'UTF8')), 'hex'), session_user)
    RETURNING id INTO v_note;
    INSERT INTO identdesk.proposals (account_id, txn_key, decision, note_id, on_result, on_identified_at, proposed_by)
    VALUES (p_account, v_key, p_decision, v_note, v_ident.result, v_ident.identified_at, session_user)
    RETURNING id INTO v_proposal;
    UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq')
     WHERE account_id = p_account AND txn_key = v_key;
    PERFORM identdesk._audit('decision.proposed', p_txn, pg_catalog.format('%s %s', p_decision, v_ident.result), v_note);
    PERFORM identdesk._event('decision');
    RETURN identdesk._remember(p_request, 'propose', pg_catalog.jsonb_build_object('proposal', v_proposal));
END
$$;

-- Confirms the standing proposal, with the result the confirmer fetched from IDnow just now.
CREATE FUNCTION identdesk.confirm(p_request uuid, p_account uuid, p_txn text,
                                  p_seen_result text, p_seen_reason text, p_seen_identified_at text,
                                  p_seen_final boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
    v_proposal record;
    v_ident record;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    PERFORM identdesk._report(p_account, p_txn, p_seen_result, p_seen_reason, p_seen_identified_at, p_seen_final);
    SELECT * INTO v_proposal FROM identdesk.proposals
     WHERE account_id = p_account AND txn_key = v_key AND state IN ('proposed', 'confirmed') FOR UPDATE;
    IF NOT FOUND THEN
        IF EXISTS (SELECT 1 FROM identdesk.proposals WHERE account_id = p_account AND txn_key = v_key AND state = 'voided') THEN
            RAISE EXCEPTION 'A newer result voided the proposal; it must be proposed again.' USING ERRCODE = 'IA002';
        END IF;
        RAISE EXCEPTION 'No decision is proposed for %.', p_txn USING ERRCODE = 'IA006';
    END IF;
    IF v_proposal.state = 'confirmed' THEN
        RAISE EXCEPTION 'The decision was taken already (confirmed by %).', v_proposal.confirmed_by USING ERRCODE = 'IA003';
    END IF;
    IF v_proposal.proposed_by = session_user THEN
        RAISE EXCEPTION 'You proposed this decision; a second officer must confirm it.' USING ERRCODE = 'IA001';
    END IF;
    SELECT result, identified_at INTO v_ident FROM identdesk.identifications
     WHERE account_id = p_account AND txn_key = v_key;
    IF (v_ident.result, v_ident.identified_at) IS DISTINCT FROM (v_proposal.on_result, v_proposal.on_identified_at)
       OR (p_seen_result, p_seen_identified_at) IS DISTINCT FROM (v_proposal.on_result, v_proposal.on_identified_at) THEN
        RAISE EXCEPTION 'The result you see (%) is not the % the proposal was made on; look at it again.',
            p_seen_result, v_proposal.on_result USING ERRCODE = 'IA002';
    END IF;
    UPDATE identdesk.proposals SET state = 'confirmed', confirmed_by = session_user, confirmed_at = now()
     WHERE id = v_proposal.id;
    UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq')
     WHERE account_id = p_account AND txn_key = v_key;
    PERFORM identdesk._audit('decision.confirmed', p_txn,
        pg_catalog.format('%s %s proposed by %s', v_proposal.decision, v_proposal.on_result, v_proposal.proposed_by));
    PERFORM identdesk._event('decision');
    RETURN identdesk._remember(p_request, 'confirm', pg_catalog.jsonb_build_object('proposal', v_proposal.id));
END
$$;

-- An officer's local action (an export, a purge, an archive fetched) in the team's trail.
CREATE FUNCTION identdesk.record_action(p_request uuid, p_action text, p_subject text, p_detail text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_answer jsonb := identdesk._replay(p_request);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    IF p_action NOT IN ('export.csv', 'export.pdf', 'export.overview', 'export.chart', 'purge.retention', 'purge.canceled', 'purge.deleted',
                        'archive.fetched', 'esign.uploaded', 'esign.signed.fetched', 'identification.deleted',
                        'audit.verified') THEN
        RAISE EXCEPTION 'The action % is not one an app records.', p_action USING ERRCODE = 'IA007';
    END IF;
    IF length(coalesce(p_subject, '')) > 300 OR length(coalesce(p_detail, '')) > 1000 THEN
        RAISE EXCEPTION 'A subject or detail is too long.' USING ERRCODE = 'IA007';
    END IF;
    PERFORM identdesk._audit(p_action, coalesce(p_subject, ''), coalesce(p_detail, ''));
    RETURN identdesk._remember(p_request, 'record_action', pg_catalog.jsonb_build_object('status', 'recorded'));
END
$$;

CREATE FUNCTION identdesk.save_template(p_request uuid, p_account uuid, p_name text, p_answers jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_answer jsonb := identdesk._replay(p_request);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_admin']);
    PERFORM identdesk._account(p_account);
    IF pg_catalog.jsonb_typeof(p_answers) <> 'array' OR length(p_answers::text) > 65536 THEN
        RAISE EXCEPTION 'Template answers come as an array (at most 64 KiB).' USING ERRCODE = 'IA007';
    END IF;
    INSERT INTO identdesk.templates (account_id, name, answers, saved_by) VALUES (p_account, p_name, p_answers, session_user)
    ON CONFLICT (account_id, name) DO UPDATE SET answers = excluded.answers, saved_by = excluded.saved_by, saved_at = now();
    PERFORM identdesk._audit('template.saved', p_name, p_account::text);
    PERFORM identdesk._event('templates');
    RETURN identdesk._remember(p_request, 'save_template', pg_catalog.jsonb_build_object('status', 'saved'));
END
$$;

CREATE FUNCTION identdesk.delete_template(p_request uuid, p_account uuid, p_name text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_answer jsonb := identdesk._replay(p_request);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_admin']);
    DELETE FROM identdesk.templates WHERE account_id = p_account AND name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No template is named %.', p_name USING ERRCODE = 'IA006';
    END IF;
    PERFORM identdesk._audit('template.deleted', p_name, p_account::text);
    PERFORM identdesk._event('templates');
    RETURN identdesk._remember(p_request, 'delete_template', pg_catalog.jsonb_build_object('status', 'deleted'));
END
$$;

-- ───────────────────────── administrators ─────────────────────────

CREATE FUNCTION identdesk.register_account(p_request uuid, p_name text, p_company_id text, p_environment text,
                                           p_gateway_url text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_id uuid;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    INSERT INTO identdesk.accounts (name, company_id, environment, gateway_url, registered_by)
    VALUES (p_name, p_company_id, p_environment,
            CASE WHEN p_environment = 'white-label' THEN coalesce(p_gateway_url, '') ELSE '' END, session_user)
    ON CONFLICT (company_id, environment, gateway_url) DO UPDATE SET name = excluded.name
    RETURNING id INTO v_id;
    PERFORM identdesk._audit('account.registered', v_id::text,
        pg_catalog.format('%s %s %s', p_company_id, p_environment, coalesce(p_gateway_url, '')));
    PERFORM identdesk._event('accounts');
    RETURN identdesk._remember(p_request, 'register_account', pg_catalog.jsonb_build_object('account', v_id));
END
$$;

CREATE FUNCTION identdesk.set_retention(p_request uuid, p_account uuid, p_days integer, p_unfinished_days integer)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_before record;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    IF p_days IS NULL OR p_days NOT BETWEEN 1 AND 3650
       OR p_unfinished_days IS NULL OR p_unfinished_days NOT BETWEEN 1 AND 3650 THEN
        RAISE EXCEPTION 'Keep personal data between 1 and 3650 days.' USING ERRCODE = 'IA007';
    END IF;
    SELECT retention_days, unfinished_retention_days INTO v_before
      FROM identdesk.accounts WHERE id = p_account FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'The team workspace has no account %.', p_account USING ERRCODE = 'IA006';
    END IF;
    UPDATE identdesk.accounts SET retention_days = p_days, unfinished_retention_days = p_unfinished_days
     WHERE id = p_account;
    PERFORM identdesk._audit('account.retention.changed', p_account::text,
        pg_catalog.format('final: %s → %s days, unfinished: %s → %s days',
                          v_before.retention_days, p_days, v_before.unfinished_retention_days, p_unfinished_days));
    PERFORM identdesk._event('accounts');
    RETURN identdesk._remember(p_request, 'set_retention', pg_catalog.jsonb_build_object('days', p_days));
END
$$;

-- Recorded by `team add-officer` right after it created the login role.
CREATE FUNCTION identdesk.officer_added(p_name text, p_role text, p_one_time boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    IF NOT pg_catalog.pg_has_role(p_name, 'identdesk_' || p_role, 'MEMBER') THEN
        RAISE EXCEPTION '% is not a member of identdesk_%.', p_name, p_role USING ERRCODE = 'IA007';
    END IF;
    INSERT INTO identdesk.officers (name, role, must_change_password, added_by)
    VALUES (p_name, p_role, p_one_time, session_user)
    ON CONFLICT (name) DO UPDATE SET role = excluded.role, must_change_password = excluded.must_change_password,
                                     added_by = excluded.added_by, added_at = now();
    PERFORM identdesk._audit('officer.added', p_name, p_role);
END
$$;

-- A time as IDnow wrote it, or NULL when the text is not one: a bad value never fails a query.
CREATE FUNCTION identdesk._time(p_text text) RETURNS timestamptz LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    RETURN p_text::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- The overview's facts for the whole team (codes, times and counts; nothing personal), in
-- the shape the app computes its figures from (`identdesk_core::overview`):
--   'day'      creations per day (in the officer's time zone) and current result;
--   'result'   results by identification time, in the period or the one before it;
--   'duration' seconds from creation to a final outcome (to the minute), by the result's week;
--   'waiting'  identifications with no final outcome, by age bucket (0: under a day,
--              1: under a week, 2: older) and result.
CREATE FUNCTION identdesk.overview_facts(p_account uuid, p_previous_from timestamptz, p_from timestamptz,
                                         p_to timestamptz, p_now timestamptz, p_time_zone text,
                                         p_open text[], p_final text[])
RETURNS TABLE (kind text, day date, is_current boolean, result text, reason text, bucket integer,
               seconds double precision, n bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_zone text := 'UTC';
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z WHERE z.name = p_time_zone) THEN
        v_zone := p_time_zone;
    END IF;
    RETURN QUERY
    WITH i AS (
        SELECT coalesce(x.created_at, x.first_seen_at) AS created, x.result AS code, x.reason AS why,
               identdesk._time(x.identified_at) AS identified
          FROM identdesk.identifications x
         WHERE p_account IS NULL OR x.account_id = p_account
    )
    SELECT 'day'::text, (i.created AT TIME ZONE v_zone)::date, true, i.code, NULL::text, NULL::integer,
           NULL::double precision, count(*)
      FROM i WHERE i.created >= p_from AND i.created < p_to
     GROUP BY 2, 4
    UNION ALL
    SELECT 'result', NULL, i.identified >= p_from, i.code, i.why, NULL, NULL, count(*)
      FROM i WHERE i.code IS NOT NULL AND i.identified >= p_previous_from AND i.identified < p_to
     GROUP BY 3, 4, 5
    UNION ALL
    SELECT 'duration', date_trunc('week', i.identified AT TIME ZONE v_zone)::date, true, NULL, NULL, NULL,
           (floor((extract(epoch FROM i.identified - i.created) + 30) / 60) * 60)::double precision, count(*)
      FROM i WHERE i.code = ANY (p_final) AND i.identified >= p_from AND i.identified < p_to
                   AND i.identified >= i.created
     GROUP BY 2, 7
    UNION ALL
    SELECT 'waiting', NULL, true, i.code, NULL,
           CASE WHEN i.created >= p_now - interval '1 day' THEN 0
                WHEN i.created >= p_now - interval '7 days' THEN 1 ELSE 2 END,
           NULL, count(*)
      FROM i WHERE i.code IS NULL OR i.code = ANY (p_open)
     GROUP BY 4, 6;
END
$$;

-- ───────────────────────── who may call what ─────────────────────────

REVOKE ALL ON ALL TABLES IN SCHEMA identdesk FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA identdesk FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA identdesk FROM PUBLIC;
-- Functions the owner makes later start without EXECUTE for PUBLIC too (a per-schema
-- default cannot revoke a global grant, so this is the owner's global default).
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

GRANT EXECUTE ON FUNCTION identdesk.whoami(), identdesk.password_changed(), identdesk.accounts(),
    identdesk.changes_since(bigint, integer), identdesk.audit_head(), identdesk.audit_entries(bigint, integer),
    identdesk.audit_newest(integer, integer), identdesk.templates(uuid),
    identdesk.overview_facts(uuid, timestamptz, timestamptz, timestamptz, timestamptz, text, text[], text[]),
    identdesk.record_action(uuid, text, text, text)
    TO identdesk_officer, identdesk_auditor, identdesk_admin;
GRANT EXECUTE ON FUNCTION identdesk.claim(uuid, uuid, text), identdesk.created(uuid, uuid, text, text),
    identdesk.report_results(uuid, uuid, jsonb),
    identdesk.propose(uuid, uuid, text, text, text, text, text, text, boolean),
    identdesk.confirm(uuid, uuid, text, text, text, text, boolean)
    TO identdesk_officer;
GRANT EXECUTE ON FUNCTION identdesk.save_template(uuid, uuid, text, jsonb), identdesk.delete_template(uuid, uuid, text)
    TO identdesk_officer, identdesk_admin;
GRANT EXECUTE ON FUNCTION identdesk.register_account(uuid, text, text, text, text),
    identdesk.set_retention(uuid, uuid, integer, integer), identdesk.officer_added(text, text, boolean)
    TO identdesk_admin;
