-- IdentDesk team workspace, schema version 3: team actions signed by each officer's own key.
--
-- Each app holds an Ed25519 key per officer and computer (in the OS keychain) and signs the
-- canonical text of every action it takes (`identdesk_team::signing`). The text, the key id
-- and the signature reach the server through the session setting `identdesk.signature`
-- (set in the same statement as the call), and `_audit` stores them with the trail entry
-- whose action they name; that entry's hash covers them. The server cannot check an Ed25519
-- signature (PostgreSQL has no function for it): it checks that the key is the caller's and
-- not revoked. Every app verifies every signature against the keys as the trail registered
-- and vouched them, so a row written past the functions — by a superuser, an owner, a
-- restored backup — shows as "not signed by its officer".

-- The workspace's own id: every signature names it, so one workspace's signed text never
-- counts in another.
CREATE TABLE identdesk.workspace (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    single boolean NOT NULL DEFAULT true UNIQUE CHECK (single)
);
INSERT INTO identdesk.workspace DEFAULT VALUES;

-- Officers' public keys, as registered (self-signed) through register_key.
CREATE TABLE identdesk.officer_keys (
    key_id text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
    officer text NOT NULL,
    public_key text NOT NULL UNIQUE CHECK (public_key ~ '^[0-9a-f]{64}$'),
    registered_seq bigint,
    revoked_seq bigint
);

ALTER TABLE identdesk.audit ADD COLUMN key_id text NOT NULL DEFAULT '';
ALTER TABLE identdesk.audit ADD COLUMN payload text NOT NULL DEFAULT '';
ALTER TABLE identdesk.audit ADD COLUMN signature text NOT NULL DEFAULT '';

ALTER TABLE identdesk.proposals ADD COLUMN proposed_seq bigint;
ALTER TABLE identdesk.proposals ADD COLUMN confirmed_seq bigint;

-- A signed entry's hash: the eight fields of `_entry_hash`, then key id, signed text and
-- signature, each as "<characters>:<text>;". Unsigned entries keep `_entry_hash`.
CREATE FUNCTION identdesk._entry_hash_signed(p_prev text, p_seq bigint, p_at text, p_actor text,
                                             p_action text, p_subject text, p_detail text, p_note text,
                                             p_key text, p_payload text, p_signature text)
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
            pg_catalog.length(p_note), ':', p_note, ';',
            pg_catalog.length(p_key), ':', p_key, ';',
            pg_catalog.length(p_payload), ':', p_payload, ';',
            pg_catalog.length(p_signature), ':', p_signature, ';'),
        'UTF8')), 'hex')
$$;

-- One field of a signed text (`name=value` on a line of its own).
CREATE FUNCTION identdesk._signed_field(p_payload text, p_name text) RETURNS text LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
    SELECT pg_catalog.substring(p_payload, E'\n' || p_name || E'=([^\n]*)')
$$;

CREATE OR REPLACE FUNCTION identdesk._audit(p_action text, p_subject text, p_detail text, p_note_id bigint DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_head record;
    v_seq bigint;
    v_at text;
    v_note text := '';
    v_hash text;
    v_envelope text := coalesce(pg_catalog.current_setting('identdesk.signature', true), '');
    v_key text := '';
    v_signature text := '';
    v_payload text := '';
BEGIN
    IF v_envelope <> '' THEN
        v_key := pg_catalog.split_part(v_envelope, ' ', 1);
        v_signature := pg_catalog.split_part(v_envelope, ' ', 2);
        v_payload := pg_catalog.substr(v_envelope, pg_catalog.length(v_key) + pg_catalog.length(v_signature) + 3);
        IF identdesk._signed_field(v_payload, 'action') IS DISTINCT FROM p_action THEN
            -- The signature is for another entry of this call (a proposal's, not the
            -- conflict its report caused).
            v_key := ''; v_signature := ''; v_payload := '';
        ELSE
            IF v_key !~ '^[0-9a-f]{16}$' OR v_signature !~ '^[0-9a-f]{128}$' OR pg_catalog.length(v_payload) > 4000
               OR pg_catalog.split_part(v_payload, E'\n', 1) <> 'identdesk-sig-v1'
               OR identdesk._signed_field(v_payload, 'signer') IS DISTINCT FROM session_user::text
               OR identdesk._signed_field(v_payload, 'key') IS DISTINCT FROM v_key
               OR identdesk._signed_field(v_payload, 'workspace') IS DISTINCT FROM (SELECT id::text FROM identdesk.workspace) THEN
                RAISE EXCEPTION 'The action''s signature is not one IdentDesk makes.' USING ERRCODE = 'IA009';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM identdesk.officer_keys k
                            WHERE k.key_id = v_key AND k.officer = session_user AND k.revoked_seq IS NULL) THEN
                RAISE EXCEPTION 'The key % is not %''s registered key (or it was revoked): join the team again.', v_key, session_user
                    USING ERRCODE = 'IA009';
            END IF;
            PERFORM pg_catalog.set_config('identdesk.signature', '', false);
        END IF;
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(identdesk._trail_lock_key());
    SELECT seq, hash INTO v_head FROM identdesk.audit_head WHERE id = 1 FOR UPDATE;
    v_seq := v_head.seq + 1;
    v_at := pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    IF p_note_id IS NOT NULL THEN
        SELECT sha256 INTO v_note FROM identdesk.notes WHERE id = p_note_id;
    END IF;
    IF v_payload = '' THEN
        v_hash := identdesk._entry_hash(v_head.hash, v_seq, v_at, session_user::text, p_action,
                                        p_subject, coalesce(p_detail, ''), v_note);
    ELSE
        v_hash := identdesk._entry_hash_signed(v_head.hash, v_seq, v_at, session_user::text, p_action,
                                               p_subject, coalesce(p_detail, ''), v_note, v_key, v_payload, v_signature);
    END IF;
    INSERT INTO identdesk.audit (seq, at, actor, action, subject, detail, note_id, note_sha256, prev_hash, hash,
                                 key_id, payload, signature)
    VALUES (v_seq, v_at, session_user, p_action, p_subject, coalesce(p_detail, ''), p_note_id, v_note, v_head.hash, v_hash,
            v_key, v_payload, v_signature);
    UPDATE identdesk.audit_head SET seq = v_seq, hash = v_hash WHERE id = 1;
    RETURN v_seq;
END
$$;

-- ───────────────────────── keys ─────────────────────────

CREATE FUNCTION identdesk.workspace_id() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN (SELECT id FROM identdesk.workspace);
END
$$;

-- Every key as registered, with the trail entries that registered and revoked it.
CREATE FUNCTION identdesk.keys()
RETURNS TABLE (key_id text, officer text, public_key text, registered_seq bigint, revoked_seq bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY SELECT k.key_id, k.officer, k.public_key, k.registered_seq, k.revoked_seq
                   FROM identdesk.officer_keys k ORDER BY k.registered_seq NULLS FIRST, k.key_id;
END
$$;

-- The caller's public key for this computer; the entry is signed by that key itself.
CREATE FUNCTION identdesk.register_key(p_request uuid, p_public_key text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text;
    v_seq bigint;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    IF p_public_key IS NULL OR p_public_key !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'A public key is 32 bytes in hex.' USING ERRCODE = 'IA007';
    END IF;
    v_key := pg_catalog.left(pg_catalog.encode(pg_catalog.sha256(pg_catalog.decode(p_public_key, 'hex')), 'hex'), 16);
    IF EXISTS (SELECT 1 FROM identdesk.officer_keys WHERE key_id = v_key) THEN
        IF EXISTS (SELECT 1 FROM identdesk.officer_keys WHERE key_id = v_key AND officer = session_user AND revoked_seq IS NULL) THEN
            RETURN identdesk._remember(p_request, 'register_key', pg_catalog.jsonb_build_object('key', v_key));
        END IF;
        RAISE EXCEPTION 'This key is registered already (or was revoked): join again for a new one.' USING ERRCODE = 'IA007';
    END IF;
    IF identdesk._signed_field(pg_catalog.current_setting('identdesk.signature', true), 'subject') IS DISTINCT FROM p_public_key THEN
        RAISE EXCEPTION 'A key is registered with a signature by that key.' USING ERRCODE = 'IA009';
    END IF;
    INSERT INTO identdesk.officer_keys (key_id, officer, public_key) VALUES (v_key, session_user, p_public_key);
    v_seq := identdesk._audit('key.registered', session_user, v_key);
    UPDATE identdesk.officer_keys SET registered_seq = v_seq WHERE key_id = v_key;
    PERFORM identdesk._event('keys');
    RETURN identdesk._remember(p_request, 'register_key', pg_catalog.jsonb_build_object('key', v_key));
END
$$;

-- An officer vouches for a colleague's key after comparing its fingerprint with them.
CREATE FUNCTION identdesk.vouch_key(p_request uuid, p_key_id text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key record;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    SELECT * INTO v_key FROM identdesk.officer_keys WHERE key_id = p_key_id;
    IF NOT FOUND OR v_key.revoked_seq IS NOT NULL THEN
        RAISE EXCEPTION 'No key % stands in the team.', p_key_id USING ERRCODE = 'IA006';
    END IF;
    IF v_key.officer = session_user THEN
        RAISE EXCEPTION 'A colleague vouches for your key, not you.' USING ERRCODE = 'IA001';
    END IF;
    IF identdesk._signed_field(pg_catalog.current_setting('identdesk.signature', true), 'subject') IS DISTINCT FROM p_key_id THEN
        RAISE EXCEPTION 'Vouching is signed by the officer who vouches.' USING ERRCODE = 'IA009';
    END IF;
    PERFORM identdesk._audit('key.vouched', v_key.officer, p_key_id);
    PERFORM identdesk._event('keys');
    RETURN identdesk._remember(p_request, 'vouch_key', pg_catalog.jsonb_build_object('status', 'vouched'));
END
$$;

-- Administrators: a lost computer's key stops counting from this entry on.
CREATE FUNCTION identdesk.revoke_key(p_request uuid, p_key_id text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key record;
    v_seq bigint;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    SELECT * INTO v_key FROM identdesk.officer_keys WHERE key_id = p_key_id FOR UPDATE;
    IF NOT FOUND OR v_key.revoked_seq IS NOT NULL THEN
        RAISE EXCEPTION 'No key % stands in the team.', p_key_id USING ERRCODE = 'IA006';
    END IF;
    v_seq := identdesk._audit('key.revoked', v_key.officer, p_key_id);
    UPDATE identdesk.officer_keys SET revoked_seq = v_seq WHERE key_id = p_key_id;
    PERFORM identdesk._event('keys');
    RETURN identdesk._remember(p_request, 'revoke_key', pg_catalog.jsonb_build_object('status', 'revoked'));
END
$$;

-- ───────────────────────── decisions keep their signed entries ─────────────────────────

CREATE OR REPLACE FUNCTION identdesk.propose(p_request uuid, p_account uuid, p_txn text, p_decision text, p_note text,
                                             p_seen_result text, p_seen_reason text, p_seen_identified_at text,
                                             p_seen_final boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
    v_standing record;
    v_note bigint;
    v_proposal bigint;
    v_seq bigint;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    IF p_decision IS NULL OR p_decision NOT IN ('accept', 'reject') THEN
        RAISE EXCEPTION 'A decision is accept or reject.' USING ERRCODE = 'IA007';
    END IF;
    IF p_note IS NULL OR pg_catalog.btrim(p_note) = '' OR pg_catalog.length(p_note) > 500 THEN
        RAISE EXCEPTION 'Write a note saying why (no personal data; at most 500 characters).' USING ERRCODE = 'IA007';
    END IF;
    PERFORM identdesk._report(p_account, p_txn, p_seen_result, p_seen_reason, p_seen_identified_at, p_seen_final);
    IF NOT coalesce(p_seen_final, false) THEN
        RAISE EXCEPTION 'Only a final result can be accepted or rejected.' USING ERRCODE = 'IA007';
    END IF;
    PERFORM 1 FROM identdesk.identifications WHERE account_id = p_account AND txn_key = v_key FOR UPDATE;
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
    VALUES (p_account, v_key, p_decision, v_note, p_seen_result, p_seen_identified_at, session_user)
    RETURNING id INTO v_proposal;
    UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq')
     WHERE account_id = p_account AND txn_key = v_key;
    v_seq := identdesk._audit('decision.proposed', p_txn, pg_catalog.format('%s %s', p_decision, p_seen_result), v_note);
    UPDATE identdesk.proposals SET proposed_seq = v_seq WHERE id = v_proposal;
    PERFORM identdesk._event('decision');
    RETURN identdesk._remember(p_request, 'propose', pg_catalog.jsonb_build_object('proposal', v_proposal));
END
$$;

CREATE OR REPLACE FUNCTION identdesk.confirm(p_request uuid, p_account uuid, p_txn text,
                                             p_seen_result text, p_seen_reason text, p_seen_identified_at text,
                                             p_seen_final boolean) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
    v_proposal record;
    v_seq bigint;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    PERFORM identdesk._report(p_account, p_txn, p_seen_result, p_seen_reason, p_seen_identified_at, p_seen_final);
    SELECT * INTO v_proposal FROM identdesk.proposals
     WHERE account_id = p_account AND txn_key = v_key AND state IN ('proposed', 'confirmed') FOR UPDATE;
    IF NOT FOUND THEN
        IF EXISTS (SELECT 1 FROM identdesk.proposals WHERE account_id = p_account AND txn_key = v_key AND state = 'voided') THEN
            RAISE EXCEPTION 'Its proposer saw a newer result and the proposal was voided; it must be proposed again.' USING ERRCODE = 'IA002';
        END IF;
        RAISE EXCEPTION 'No decision is proposed for %.', p_txn USING ERRCODE = 'IA006';
    END IF;
    IF v_proposal.state = 'confirmed' THEN
        RAISE EXCEPTION 'The decision was taken already (confirmed by %).', v_proposal.confirmed_by USING ERRCODE = 'IA003';
    END IF;
    IF v_proposal.proposed_by = session_user THEN
        RAISE EXCEPTION 'You proposed this decision; a second officer must confirm it.' USING ERRCODE = 'IA001';
    END IF;
    IF (p_seen_result, p_seen_identified_at) IS DISTINCT FROM (v_proposal.on_result, v_proposal.on_identified_at) THEN
        RAISE EXCEPTION 'The result you see (%) is not the % the proposal was made on; look at it again.',
            p_seen_result, v_proposal.on_result USING ERRCODE = 'IA002';
    END IF;
    UPDATE identdesk.proposals SET state = 'confirmed', confirmed_by = session_user, confirmed_at = now()
     WHERE id = v_proposal.id;
    UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq')
     WHERE account_id = p_account AND txn_key = v_key;
    v_seq := identdesk._audit('decision.confirmed', p_txn,
        pg_catalog.format('%s %s proposed by %s', v_proposal.decision, v_proposal.on_result, v_proposal.proposed_by));
    UPDATE identdesk.proposals SET confirmed_seq = v_seq WHERE id = v_proposal.id;
    PERFORM identdesk._event('decision');
    RETURN identdesk._remember(p_request, 'confirm', pg_catalog.jsonb_build_object('proposal', v_proposal.id));
END
$$;

-- The signed text behind a proposal, for a confirmation to cover its hash.
CREATE FUNCTION identdesk.proposal_payload(p_account uuid, p_txn text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN (SELECT a.payload FROM identdesk.proposals p JOIN identdesk.audit a ON a.seq = p.proposed_seq
             WHERE p.account_id = p_account AND p.txn_key = pg_catalog.lower(p_txn)
               AND p.state IN ('proposed', 'confirmed')
             ORDER BY p.id DESC LIMIT 1);
END
$$;

-- ───────────────────────── reads that carry the signatures ─────────────────────────

DROP FUNCTION identdesk.audit_entries(bigint, integer);
CREATE FUNCTION identdesk.audit_entries(p_from bigint, p_limit integer)
RETURNS TABLE (seq bigint, at text, actor text, action text, subject text, detail text,
               note_sha256 text, prev_hash text, hash text, note text, key_id text, payload text, signature text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT a.seq, a.at, a.actor, a.action, a.subject, a.detail, a.note_sha256, a.prev_hash, a.hash, n.body,
           a.key_id, a.payload, a.signature
      FROM identdesk.audit a LEFT JOIN identdesk.notes n ON n.id = a.note_id
     WHERE a.seq >= p_from ORDER BY a.seq LIMIT least(greatest(p_limit, 1), 10000);
END
$$;

DROP FUNCTION identdesk.changes_since(bigint, integer);
CREATE FUNCTION identdesk.changes_since(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, account_id uuid, transaction_number text, ident_id text,
               claimed_by text, created_by text, result text, result_final boolean,
               proposal_id bigint, decision text, state text, on_result text, proposed_by text,
               proposed_at timestamptz, confirmed_by text, confirmed_at timestamptz, note text,
               conflict boolean, on_identified_at text,
               proposed_key text, proposed_payload text, proposed_signature text,
               confirmed_key text, confirmed_payload text, confirmed_signature text,
               proposed_seq bigint, confirmed_seq bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT i.change_seq, i.account_id, i.transaction_number, i.ident_id, i.claimed_by, i.created_by,
           i.result, i.result_final, p.id, p.decision, p.state, p.on_result, p.proposed_by,
           p.proposed_at, p.confirmed_by, p.confirmed_at, n.body, i.conflict, p.on_identified_at,
           pa.key_id, pa.payload, pa.signature, ca.key_id, ca.payload, ca.signature,
           p.proposed_seq, p.confirmed_seq
      FROM identdesk.identifications i
      LEFT JOIN LATERAL (
          SELECT * FROM identdesk.proposals q
           WHERE q.account_id = i.account_id AND q.txn_key = i.txn_key
           ORDER BY q.id DESC LIMIT 1) p ON true
      LEFT JOIN identdesk.notes n ON n.id = p.note_id
      LEFT JOIN identdesk.audit pa ON pa.seq = p.proposed_seq
      LEFT JOIN identdesk.audit ca ON ca.seq = p.confirmed_seq
     WHERE i.change_seq > p_after
     ORDER BY i.change_seq
     LIMIT least(greatest(p_limit, 1), 10000);
END
$$;

-- ───────────────────────── who may call what ─────────────────────────

-- CREATE OR REPLACE dropped their settings: the bounded wait again.
ALTER FUNCTION identdesk.propose(uuid, uuid, text, text, text, text, text, text, boolean) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.confirm(uuid, uuid, text, text, text, text, boolean) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.register_key(uuid, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.vouch_key(uuid, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.revoke_key(uuid, text) SET lock_timeout = '3s';

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA identdesk FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identdesk.workspace_id(), identdesk.keys(), identdesk.register_key(uuid, text),
    identdesk.audit_entries(bigint, integer), identdesk.changes_since(bigint, integer),
    identdesk.proposal_payload(uuid, text)
    TO identdesk_officer, identdesk_auditor, identdesk_admin;
GRANT EXECUTE ON FUNCTION identdesk.vouch_key(uuid, text) TO identdesk_officer;
GRANT EXECUTE ON FUNCTION identdesk.revoke_key(uuid, text) TO identdesk_admin;
