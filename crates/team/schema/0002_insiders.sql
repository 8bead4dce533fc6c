-- IdentDesk team workspace, schema version 2: the workspace holds against its insiders.
--
-- Version 1 trusted PostgreSQL's role membership: whoever was a member of identdesk_officer
-- (a superuser, a role granted by hand, on PostgreSQL 16+ the CREATEROLE role that created
-- the officers) was an officer. From here on:
--   * a caller's role is its row in identdesk.officers, written only by the administrators'
--     function officer_added (and by `team init` for the first administrator), never for a
--     superuser; membership only decides who may EXECUTE;
--   * a one-time password allows nothing but password_changed();
--   * auditors write nothing;
--   * a result report is an observation with its reporter: another officer's report never
--     voids a proposal, and contradicting final results are shown as a conflict, never
--     frozen; only the proposer's own newer observation voids their proposal;
--   * every writing function waits at most 3 s for a lock, and the trail's head is taken
--     through an advisory lock whose holder trail_holder() names;
--   * every text argument is bounded and has a format where one exists; notes hold at most
--     500 characters and their text goes with the identification's retention.
--
-- Released migrations are never edited: a change is a new numbered file.

ALTER TABLE identdesk.identifications ADD COLUMN conflict boolean NOT NULL DEFAULT false;

ALTER TABLE identdesk.result_reports DROP CONSTRAINT result_reports_outcome_check;
ALTER TABLE identdesk.result_reports ADD CONSTRAINT result_reports_outcome_check
    CHECK (outcome IN ('changed', 'unchanged', 'ignored-backwards', 'conflict'));
CREATE INDEX result_reports_by_identification ON identdesk.result_reports (account_id, txn_key, id);

-- ───────────────────────── internal helpers ─────────────────────────

-- The key of the advisory lock every trail entry is written under (its holder is visible
-- in pg_locks, which a row lock is not).
CREATE FUNCTION identdesk._trail_lock_key() RETURNS bigint LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$ SELECT 7301002::bigint $$;

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
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(identdesk._trail_lock_key());
    SELECT seq, hash INTO v_head FROM identdesk.audit_head WHERE id = 1 FOR UPDATE;
    v_seq := v_head.seq + 1;
    v_at := pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
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

-- The caller's role from the registry; a superuser is nobody here, whatever it is a member
-- of, and a one-time password must be replaced first.
CREATE OR REPLACE FUNCTION identdesk._require(p_roles text[]) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_officer record;
BEGIN
    SELECT o.role, o.must_change_password INTO v_officer FROM identdesk.officers o
     WHERE o.name = session_user
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper);
    IF NOT FOUND OR NOT ('identdesk_' || v_officer.role) = ANY (p_roles) THEN
        RAISE EXCEPTION '% may not do this: it needs the role % in the team''s registry (an administrator adds it with identdesk-cli team add-officer).',
            session_user, pg_catalog.array_to_string(p_roles, ' or ')
            USING ERRCODE = 'IA004';
    END IF;
    IF v_officer.must_change_password THEN
        RAISE EXCEPTION '% still has a one-time password: replace it (join again, or identdesk-cli team join) before anything else.',
            session_user USING ERRCODE = 'IA008';
    END IF;
END
$$;

-- Text arguments: NULL or within bounds and, where given, the pattern.
CREATE FUNCTION identdesk._text(p_field text, p_value text, p_max integer, p_pattern text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    IF p_value IS NULL THEN
        RETURN;
    END IF;
    IF pg_catalog.length(p_value) > p_max OR p_value ~ '[[:cntrl:]]'
       OR (p_pattern IS NOT NULL AND p_value !~ p_pattern) THEN
        RAISE EXCEPTION 'The % is not one IdentDesk sends (at most % characters%).', p_field, p_max,
            CASE WHEN p_pattern IS NULL THEN '' ELSE ', in the form ' || p_pattern END
            USING ERRCODE = 'IA007';
    END IF;
END
$$;

-- An IDnow time (ISO 8601 with offset), or NULL.
CREATE FUNCTION identdesk._timestamp_text(p_field text, p_value text) RETURNS void LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._text(p_field, p_value, 40, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$');
    IF p_value IS NOT NULL AND identdesk._time(p_value) IS NULL THEN
        RAISE EXCEPTION 'The % is not a time.', p_field USING ERRCODE = 'IA007';
    END IF;
END
$$;

CREATE FUNCTION identdesk._txn(p_txn text) RETURNS void LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    IF p_txn IS NULL OR p_txn !~ '^[A-Za-z0-9_-]{1,255}$' THEN
        RAISE EXCEPTION 'A transaction number has letters, digits, - and _ only, at most 255.' USING ERRCODE = 'IA007';
    END IF;
END
$$;

-- One observation of a result by the caller. The identification shows the newest; a final
-- result contradicted by another final one is a conflict (shown with every reporter), never
-- frozen. Only the caller's own proposal is voided by the caller's own newer observation.
CREATE OR REPLACE FUNCTION identdesk._report(p_account uuid, p_txn text, p_result text, p_reason text,
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
    PERFORM identdesk._txn(p_txn);
    IF p_result IS NULL OR p_result !~ '^[A-Z_]{1,64}$' THEN
        RAISE EXCEPTION 'A result report needs a result code.' USING ERRCODE = 'IA007';
    END IF;
    PERFORM identdesk._text('reason', p_reason, 64, '^[A-Z0-9_]+$');
    PERFORM identdesk._timestamp_text('identification time', p_identified_at);
    SELECT * INTO v_current FROM identdesk.identifications
     WHERE account_id = p_account AND txn_key = v_key FOR UPDATE;
    IF NOT FOUND THEN
        -- Created elsewhere (another system, IDnow's portal): the team learns of it now.
        INSERT INTO identdesk.identifications (account_id, txn_key, transaction_number, result, reason,
                                               identified_at, result_final)
        VALUES (p_account, v_key, p_txn, p_result, p_reason, p_identified_at, coalesce(p_final, false));
        v_outcome := 'changed';
    ELSIF v_current.result IS NOT DISTINCT FROM p_result
          AND v_current.reason IS NOT DISTINCT FROM p_reason
          AND v_current.identified_at IS NOT DISTINCT FROM p_identified_at
          AND v_current.result_final = coalesce(p_final, false) THEN
        v_outcome := 'unchanged';
    ELSE
        v_outcome := CASE WHEN v_current.result_final AND coalesce(p_final, false) THEN 'conflict' ELSE 'changed' END;
        UPDATE identdesk.identifications
           SET result = p_result, reason = p_reason, identified_at = p_identified_at,
               result_final = coalesce(p_final, false), conflict = conflict OR v_outcome = 'conflict',
               change_seq = nextval('identdesk.change_seq')
         WHERE account_id = p_account AND txn_key = v_key;
    END IF;
    INSERT INTO identdesk.result_reports (account_id, txn_key, result, reason, identified_at, result_final,
                                          outcome, reported_by)
    VALUES (p_account, v_key, p_result, p_reason, p_identified_at, coalesce(p_final, false), v_outcome, session_user)
    RETURNING id INTO v_report;
    IF v_outcome = 'conflict' THEN
        PERFORM identdesk._audit('result.conflict', p_txn,
            pg_catalog.format('%s reported %s at %s; the team had %s at %s (report %s)', session_user, p_result,
                              coalesce(p_identified_at, '-'), v_current.result, coalesce(v_current.identified_at, '-'), v_report));
    END IF;
    -- Whatever the team's row says already (another officer may have reported the same).
    FOR v_voided IN
        UPDATE identdesk.proposals
           SET state = 'voided', voided_at = now(), voided_by_report = v_report
         WHERE account_id = p_account AND txn_key = v_key AND state = 'proposed'
           AND proposed_by = session_user
           AND (on_result, on_identified_at) IS DISTINCT FROM (p_result, p_identified_at)
        RETURNING id, on_result
    LOOP
        PERFORM identdesk._audit('decision.voided', p_txn,
            pg_catalog.format('proposal %s on %s voided by its proposer''s newer observation %s (report %s)',
                              v_voided.id, v_voided.on_result, p_result, v_report));
        UPDATE identdesk.identifications SET change_seq = nextval('identdesk.change_seq')
         WHERE account_id = p_account AND txn_key = v_key;
        PERFORM identdesk._event('decision');
    END LOOP;
    RETURN v_outcome;
END
$$;

-- ───────────────────────── everyone in the team ─────────────────────────

CREATE OR REPLACE FUNCTION identdesk.whoami()
RETURNS TABLE (officer text, is_officer boolean, is_auditor boolean, is_admin boolean,
               schema_version integer, must_change_password boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
    WITH me AS (
        SELECT o.role, o.must_change_password FROM identdesk.officers o
         WHERE o.name = session_user
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper))
    SELECT session_user::text,
           coalesce((SELECT role = 'officer' FROM me), false),
           coalesce((SELECT role = 'auditor' FROM me), false),
           coalesce((SELECT role = 'admin' FROM me), false),
           (SELECT max(version) FROM identdesk.schema_migrations),
           coalesce((SELECT must_change_password FROM me), false)
$$;

-- After ALTER ROLE … PASSWORD at the first join. The server cannot see a password, so this
-- is the app's word; what a one-time password could do before it is nothing (_require).
CREATE OR REPLACE FUNCTION identdesk.password_changed() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    UPDATE identdesk.officers SET must_change_password = false
     WHERE name = session_user AND must_change_password
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper);
    IF FOUND THEN
        PERFORM identdesk._audit('officer.password_changed', session_user, '');
    END IF;
END
$$;

-- Who holds the trail's head, when a write waited in vain: the role, its state and since
-- when its transaction runs (state and time only where the server lets the owner read them).
CREATE FUNCTION identdesk.trail_holder()
RETURNS TABLE (holder text, pid integer, state text, since timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT a.usename::text, l.pid, a.state, a.xact_start
      FROM pg_catalog.pg_locks l
      LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
       AND ((l.classid::bigint << 32) | l.objid::bigint) = identdesk._trail_lock_key()
     LIMIT 1;
END
$$;

-- Every member of the three IdentDesk groups, with its row in the registry (`team status`
-- flags a member the registry does not know: a grant made by hand). Marked as expected:
-- superusers (nobody in the team, whatever they are a member of), roles that cannot log in,
-- and administrators holding a group WITH ADMIN OPTION (to add officers to it).
CREATE FUNCTION identdesk.role_members()
RETURNS TABLE (grp text, member text, registered_role text, ignored boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT DISTINCT g.rolname::text, m.rolname::text, o.role,
           m.rolsuper OR NOT m.rolcanlogin OR coalesce(o.role = 'admin' AND a.admin_option, false)
      FROM pg_catalog.pg_auth_members a
      JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
      JOIN pg_catalog.pg_roles m ON m.oid = a.member
      LEFT JOIN identdesk.officers o ON o.name = m.rolname
     WHERE g.rolname IN ('identdesk_officer', 'identdesk_auditor', 'identdesk_admin')
       -- PostgreSQL 16+ gives a role's creator ADMIN OPTION without INHERIT or SET: that
       -- grant lets it act as nothing (it is still MEMBER to pg_has_role).
       AND CASE WHEN pg_catalog.current_setting('server_version_num')::integer >= 160000
                THEN pg_catalog.pg_has_role(m.oid, g.oid, 'USAGE') OR pg_catalog.pg_has_role(m.oid, g.oid, 'SET')
                ELSE true END
     ORDER BY 1, 2;
END
$$;

-- Every report of one identification, with its reporter: the detail's conflict view.
CREATE FUNCTION identdesk.result_reports(p_account uuid, p_txn text)
RETURNS TABLE (result text, reason text, identified_at text, result_final boolean, outcome text,
               reported_by text, reported_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT r.result, r.reason, r.identified_at, r.result_final, r.outcome, r.reported_by, r.reported_at
      FROM identdesk.result_reports r
     WHERE r.account_id = p_account AND r.txn_key = pg_catalog.lower(p_txn)
     ORDER BY r.id DESC LIMIT 200;
END
$$;

-- changes_since gains the conflict flag (a new return type: dropped and made again).
DROP FUNCTION identdesk.changes_since(bigint, integer);
CREATE FUNCTION identdesk.changes_since(p_after bigint, p_limit integer)
RETURNS TABLE (change_seq bigint, account_id uuid, transaction_number text, ident_id text,
               claimed_by text, created_by text, result text, result_final boolean,
               proposal_id bigint, decision text, state text, on_result text, proposed_by text,
               proposed_at timestamptz, confirmed_by text, confirmed_at timestamptz, note text,
               conflict boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    RETURN QUERY
    SELECT i.change_seq, i.account_id, i.transaction_number, i.ident_id, i.claimed_by, i.created_by,
           i.result, i.result_final, p.id, p.decision, p.state, p.on_result, p.proposed_by,
           p.proposed_at, p.confirmed_by, p.confirmed_at, n.body, i.conflict
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

-- ───────────────────────── officers ─────────────────────────

CREATE OR REPLACE FUNCTION identdesk.created(p_request uuid, p_account uuid, p_txn text, p_ident_id text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_key text := pg_catalog.lower(p_txn);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._txn(p_txn);
    -- IDnow's Ident-ID: the company's three-letter shortcode, a dash, five characters.
    PERFORM identdesk._text('Ident-ID', p_ident_id, 9, '^[A-Z0-9]{3}-[A-Z0-9]{5}$');
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

CREATE OR REPLACE FUNCTION identdesk.report_results(p_request uuid, p_account uuid, p_reports jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_answer jsonb := identdesk._replay(p_request);
    v_report jsonb;
    v_outcome text;
    v_changed integer := 0;
    v_conflicts integer := 0;
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer']);
    PERFORM identdesk._account(p_account);
    IF pg_catalog.jsonb_typeof(p_reports) <> 'array' OR pg_catalog.jsonb_array_length(p_reports) > 10000 THEN
        RAISE EXCEPTION 'Reports come as an array of at most 10000.' USING ERRCODE = 'IA007';
    END IF;
    FOR v_report IN SELECT * FROM pg_catalog.jsonb_array_elements(p_reports) LOOP
        IF pg_catalog.jsonb_typeof(v_report) <> 'object' THEN
            RAISE EXCEPTION 'Each report is an object.' USING ERRCODE = 'IA007';
        END IF;
        v_outcome := identdesk._report(p_account, v_report->>'txn', v_report->>'result', v_report->>'reason',
                                       v_report->>'identifiedAt', coalesce((v_report->>'final')::boolean, false));
        IF v_outcome IN ('changed', 'conflict') THEN v_changed := v_changed + 1; END IF;
        IF v_outcome = 'conflict' THEN v_conflicts := v_conflicts + 1; END IF;
    END LOOP;
    IF v_changed > 0 THEN
        PERFORM identdesk._audit('results.reported', p_account::text,
            pg_catalog.format('%s changed, %s contradicting another final result', v_changed, v_conflicts));
        PERFORM identdesk._event('results');
    END IF;
    RETURN identdesk._remember(p_request, 'report_results',
        pg_catalog.jsonb_build_object('changed', v_changed, 'ignored', 0, 'conflicts', v_conflicts));
END
$$;

-- Proposes to accept or reject the final result the proposer saw at IDnow just now; the
-- proposal binds to that observation, whatever anyone else reported.
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
    PERFORM identdesk._audit('decision.proposed', p_txn, pg_catalog.format('%s %s', p_decision, p_seen_result), v_note);
    PERFORM identdesk._event('decision');
    RETURN identdesk._remember(p_request, 'propose', pg_catalog.jsonb_build_object('proposal', v_proposal));
END
$$;

-- Confirms the standing proposal, with the result the confirmer fetched from IDnow just now:
-- it stands when the two officers' own observations agree, whatever a third reported.
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
    PERFORM identdesk._audit('decision.confirmed', p_txn,
        pg_catalog.format('%s %s proposed by %s', v_proposal.decision, v_proposal.on_result, v_proposal.proposed_by));
    PERFORM identdesk._event('decision');
    RETURN identdesk._remember(p_request, 'confirm', pg_catalog.jsonb_build_object('proposal', v_proposal.id));
END
$$;

-- A local action of an officer or administrator (an export, a purge, an archive fetched, a
-- verified trail) in the team's trail. Auditors write nothing.
CREATE OR REPLACE FUNCTION identdesk.record_action(p_request uuid, p_action text, p_subject text, p_detail text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_answer jsonb := identdesk._replay(p_request);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_admin']);
    IF p_action IS NULL OR p_action NOT IN ('export.csv', 'export.pdf', 'export.overview', 'export.chart',
                        'purge.retention', 'purge.canceled', 'purge.deleted', 'archive.fetched',
                        'esign.uploaded', 'esign.signed.fetched', 'identification.deleted', 'audit.verified') THEN
        RAISE EXCEPTION 'The action % is not one an app records.', p_action USING ERRCODE = 'IA007';
    END IF;
    PERFORM identdesk._text('subject', coalesce(p_subject, ''), 255);
    PERFORM identdesk._text('detail', coalesce(p_detail, ''), 500);
    PERFORM identdesk._audit(p_action, coalesce(p_subject, ''), coalesce(p_detail, ''));
    RETURN identdesk._remember(p_request, 'record_action', pg_catalog.jsonb_build_object('status', 'recorded'));
END
$$;

CREATE OR REPLACE FUNCTION identdesk.save_template(p_request uuid, p_account uuid, p_name text, p_answers jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_answer jsonb := identdesk._replay(p_request);
BEGIN
    IF v_answer IS NOT NULL THEN RETURN v_answer; END IF;
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_admin']);
    PERFORM identdesk._account(p_account);
    IF p_name IS NULL OR pg_catalog.btrim(p_name) = '' THEN
        RAISE EXCEPTION 'A template has a name.' USING ERRCODE = 'IA007';
    END IF;
    PERFORM identdesk._text('template name', p_name, 100);
    IF p_answers IS NULL OR pg_catalog.jsonb_typeof(p_answers) <> 'array' OR pg_catalog.jsonb_array_length(p_answers) > 100
       OR pg_catalog.length(p_answers::text) > 16384 THEN
        RAISE EXCEPTION 'Template answers come as an array of at most 100 (16 KiB).' USING ERRCODE = 'IA007';
    END IF;
    INSERT INTO identdesk.templates (account_id, name, answers, saved_by) VALUES (p_account, p_name, p_answers, session_user)
    ON CONFLICT (account_id, name) DO UPDATE SET answers = excluded.answers, saved_by = excluded.saved_by, saved_at = now();
    PERFORM identdesk._audit('template.saved', p_name, p_account::text);
    PERFORM identdesk._event('templates');
    RETURN identdesk._remember(p_request, 'save_template', pg_catalog.jsonb_build_object('status', 'saved'));
END
$$;

-- Notes whose identification is past its account's retention lose their text (the trail
-- keeps their hash): days after a final result, or after creation for one never finished.
CREATE FUNCTION identdesk.expire_notes() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_removed integer;
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_admin']);
    UPDATE identdesk.notes n SET body = NULL, removed_at = now()
      FROM identdesk.proposals p
      JOIN identdesk.identifications i ON i.account_id = p.account_id AND i.txn_key = p.txn_key
      JOIN identdesk.accounts a ON a.id = p.account_id
     WHERE n.id = p.note_id AND n.body IS NOT NULL
       AND CASE WHEN i.result_final
                THEN coalesce(identdesk._time(i.identified_at), i.first_seen_at) + a.retention_days * interval '1 day'
                ELSE coalesce(i.created_at, i.first_seen_at) + a.unfinished_retention_days * interval '1 day'
           END < now();
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    IF v_removed > 0 THEN
        PERFORM identdesk._audit('notes.expired', '', pg_catalog.format('%s notes past retention removed', v_removed));
        PERFORM identdesk._event('decision');
    END IF;
    RETURN v_removed;
END
$$;

-- ───────────────────────── administrators ─────────────────────────

CREATE OR REPLACE FUNCTION identdesk.register_account(p_request uuid, p_name text, p_company_id text, p_environment text,
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
    PERFORM identdesk._text('account name', p_name, 200);
    PERFORM identdesk._text('company id', p_company_id, 64, '^[A-Za-z0-9_.-]+$');
    PERFORM identdesk._text('gateway URL', p_gateway_url, 300, '^https?://[^[:space:]]+$');
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

-- Recorded by `team add-officer` right after it made the login role: the registry row that
-- makes the role an officer, auditor or administrator. Never for a superuser (it can do
-- anything with the tables; the trail's checks, not the registry, are what detect that),
-- and never for a role that cannot log in.
CREATE OR REPLACE FUNCTION identdesk.officer_added(p_name text, p_role text, p_one_time boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_role record;
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    IF p_role IS NULL OR p_role NOT IN ('officer', 'auditor', 'admin') THEN
        RAISE EXCEPTION 'A role is officer, auditor or admin.' USING ERRCODE = 'IA007';
    END IF;
    SELECT rolsuper, rolcanlogin INTO v_role FROM pg_catalog.pg_roles WHERE rolname = p_name;
    IF NOT FOUND OR NOT v_role.rolcanlogin THEN
        RAISE EXCEPTION '% is not a login role.', p_name USING ERRCODE = 'IA007';
    END IF;
    IF v_role.rolsuper THEN
        RAISE EXCEPTION '% is a superuser: it can do anything with the tables, so it has no role in the team. Use a login of its own.', p_name
            USING ERRCODE = 'IA007';
    END IF;
    IF p_name = session_user THEN
        RAISE EXCEPTION 'An administrator does not change their own role.' USING ERRCODE = 'IA007';
    END IF;
    IF NOT pg_catalog.pg_has_role(p_name, 'identdesk_' || p_role, 'MEMBER') THEN
        RAISE EXCEPTION '% is not a member of identdesk_%.', p_name, p_role USING ERRCODE = 'IA007';
    END IF;
    INSERT INTO identdesk.officers (name, role, must_change_password, added_by)
    VALUES (p_name, p_role, coalesce(p_one_time, false), session_user)
    ON CONFLICT (name) DO UPDATE SET role = excluded.role, must_change_password = excluded.must_change_password,
                                     added_by = excluded.added_by, added_at = now();
    PERFORM identdesk._audit('officer.added', p_name, p_role);
END
$$;

-- Ends the session that holds the trail's head (after trail_holder named it).
CREATE FUNCTION identdesk.release_trail() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE v_holder record;
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_admin']);
    SELECT * INTO v_holder FROM identdesk.trail_holder();
    IF NOT FOUND OR v_holder.pid IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT pg_catalog.pg_terminate_backend(v_holder.pid) THEN
        RAISE EXCEPTION 'The session of % (process %) could not be ended.', v_holder.holder, v_holder.pid USING ERRCODE = 'IA004';
    END IF;
    PERFORM identdesk._audit('trail.released', coalesce(v_holder.holder, ''), pg_catalog.format('process %s', v_holder.pid));
    RETURN v_holder.holder;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'The workspace may not end other sessions here; the database administrator runs SELECT pg_terminate_backend(%).', v_holder.pid
        USING ERRCODE = 'IA004';
END
$$;

-- ───────────────────────── bounded waits ─────────────────────────

-- A held lock costs a writer 3 s, then a clear error naming the holder (trail_holder).
ALTER FUNCTION identdesk.password_changed() SET lock_timeout = '3s';
ALTER FUNCTION identdesk.claim(uuid, uuid, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.created(uuid, uuid, text, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.report_results(uuid, uuid, jsonb) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.propose(uuid, uuid, text, text, text, text, text, text, boolean) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.confirm(uuid, uuid, text, text, text, text, boolean) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.record_action(uuid, text, text, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.save_template(uuid, uuid, text, jsonb) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.delete_template(uuid, uuid, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.register_account(uuid, text, text, text, text) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.set_retention(uuid, uuid, integer, integer) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.officer_added(text, text, boolean) SET lock_timeout = '3s';
ALTER FUNCTION identdesk.expire_notes() SET lock_timeout = '3s';
ALTER FUNCTION identdesk.release_trail() SET lock_timeout = '3s';

-- ───────────────────────── who may call what ─────────────────────────

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA identdesk FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identdesk.changes_since(bigint, integer), identdesk.trail_holder(),
    identdesk.result_reports(uuid, text), identdesk.role_members()
    TO identdesk_officer, identdesk_auditor, identdesk_admin;
REVOKE EXECUTE ON FUNCTION identdesk.record_action(uuid, text, text, text) FROM identdesk_auditor;
GRANT EXECUTE ON FUNCTION identdesk.expire_notes() TO identdesk_officer, identdesk_admin;
GRANT EXECUTE ON FUNCTION identdesk.release_trail() TO identdesk_admin;
