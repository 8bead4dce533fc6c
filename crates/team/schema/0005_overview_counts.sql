-- The team's overview from counts kept as identifications change, not from scanning them:
-- over 1 000 000 identifications the scan took 2.8 s; the counts hold a few rows per
-- quarter hour, so the answer no longer grows with the team's history. The same counting
-- as the app's own cache (its migration 0008), so both give the same figures.
--
-- Times are counted per quarter hour (UTC, `date_bin`) because every time zone's midnight
-- falls on one: an officer's local day and week are whole numbers of slots, whatever their
-- zone. What is waiting is aged from the counts of the quarter hours wholly on one side of
-- an age's limit, and one by one in the (at most two) quarter hours a limit cuts.
--
-- Writers never wait for each other on a count: a change of an identification appends its
-- deltas (insert only, no row to lock); the overview folds the deltas into the counts
-- first, one folder at a time (an advisory lock it only tries), and reads counts and the
-- deltas not folded yet in one snapshot. So 200 officers' apps reporting at once neither
-- queue on a hot count nor deadlock on two.

CREATE TABLE identdesk.overview_counts (
    -- 1: created (or first seen) in the slot, by current result ('' while none);
    -- 2: identified in the slot, by result and reason ('' none);
    -- 3: identified in the slot, by result and whole minutes since creation.
    kind smallint NOT NULL CHECK (kind IN (1, 2, 3)),
    slot timestamptz NOT NULL,
    account_id uuid NOT NULL,
    result text NOT NULL,
    reason text NOT NULL,
    minutes integer NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (kind, slot, account_id, result, reason, minutes)
);
-- What is waiting is read across all time by its result.
CREATE INDEX overview_counts_by_result ON identdesk.overview_counts (result, kind);
-- What is waiting in a quarter hour an age's limit cuts is counted one by one.
CREATE INDEX identifications_by_created ON identdesk.identifications ((coalesce(created_at, first_seen_at)));
-- Counts that fell to zero, for the fold to remove without a scan.
CREATE INDEX overview_counts_zero ON identdesk.overview_counts (kind) WHERE n = 0;

-- The latest proposal on each identification, for `changes_since`'s join: without it, each
-- change read scans every proposal the team ever made (an app joining a team of years
-- reads a million changes).
CREATE INDEX proposals_by_identification ON identdesk.proposals (account_id, txn_key, id);

CREATE TABLE identdesk.overview_deltas (LIKE identdesk.overview_counts);
ALTER TABLE identdesk.overview_deltas ALTER COLUMN n TYPE integer;

-- One identification's contribution to the counts, as rows of (kind, slot, result, reason,
-- minutes); none for what has no time.
CREATE FUNCTION identdesk._overview_rows(p_created timestamptz, p_result text, p_reason text,
                                         p_identified_at text)
RETURNS TABLE (kind smallint, slot timestamptz, result text, reason text, minutes integer)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
DECLARE
    v_identified timestamptz := identdesk._time(p_identified_at);
    v_epoch constant timestamptz := '2000-01-01 00:00:00+00';
BEGIN
    IF p_created IS NOT NULL THEN
        RETURN QUERY SELECT 1::smallint, date_bin('15 minutes', p_created, v_epoch), coalesce(p_result, ''), '', 0;
    END IF;
    IF p_result IS NOT NULL AND v_identified IS NOT NULL THEN
        RETURN QUERY SELECT 2::smallint, date_bin('15 minutes', v_identified, v_epoch), p_result,
                            coalesce(p_reason, ''), 0;
        IF p_created IS NOT NULL AND v_identified >= p_created THEN
            RETURN QUERY SELECT 3::smallint, date_bin('15 minutes', v_identified, v_epoch), p_result, '',
                                floor((extract(epoch FROM v_identified - p_created) + 30) / 60)::integer;
        END IF;
    END IF;
END
$$;

-- Appends what a change of an identification takes from the counts and adds to them.
CREATE FUNCTION identdesk._overview_delta() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO identdesk.overview_deltas (kind, slot, account_id, result, reason, minutes, n)
        SELECT r.kind, r.slot, OLD.account_id, r.result, r.reason, r.minutes, -1
          FROM identdesk._overview_rows(coalesce(OLD.created_at, OLD.first_seen_at), OLD.result, OLD.reason,
                                        OLD.identified_at) r;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO identdesk.overview_deltas (kind, slot, account_id, result, reason, minutes, n)
        SELECT r.kind, r.slot, NEW.account_id, r.result, r.reason, r.minutes, 1
          FROM identdesk._overview_rows(coalesce(NEW.created_at, NEW.first_seen_at), NEW.result, NEW.reason,
                                        NEW.identified_at) r;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER overview_on_insert AFTER INSERT OR DELETE ON identdesk.identifications
    FOR EACH ROW EXECUTE FUNCTION identdesk._overview_delta();
-- Only what the overview counts: decisions move `change_seq` many times and count nothing.
CREATE TRIGGER overview_on_update AFTER UPDATE ON identdesk.identifications
    FOR EACH ROW
    WHEN ((OLD.created_at, OLD.first_seen_at, OLD.result, OLD.reason, OLD.identified_at, OLD.account_id)
          IS DISTINCT FROM (NEW.created_at, NEW.first_seen_at, NEW.result, NEW.reason, NEW.identified_at, NEW.account_id))
    EXECUTE FUNCTION identdesk._overview_delta();

-- Folds the deltas into the counts, unless another call is folding now (then its caller
-- reads the deltas as they are).
CREATE FUNCTION identdesk._fold_overview() RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(pg_catalog.hashtext('identdesk.overview_counts')) THEN
        RETURN;
    END IF;
    WITH moved AS (
        DELETE FROM identdesk.overview_deltas RETURNING *
    ), summed AS (
        SELECT m.kind, m.slot, m.account_id, m.result, m.reason, m.minutes, sum(m.n) AS n
          FROM moved m GROUP BY 1, 2, 3, 4, 5, 6
    )
    INSERT INTO identdesk.overview_counts AS c (kind, slot, account_id, result, reason, minutes, n)
    SELECT * FROM summed s WHERE s.n <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, slot, account_id, result, reason, minutes) DO UPDATE SET n = c.n + excluded.n;
    DELETE FROM identdesk.overview_counts c WHERE c.n = 0;
END
$$;

-- What the team had before this migration, counted once.
INSERT INTO identdesk.overview_deltas (kind, slot, account_id, result, reason, minutes, n)
SELECT r.kind, r.slot, i.account_id, r.result, r.reason, r.minutes, 1
  FROM identdesk.identifications i,
       LATERAL identdesk._overview_rows(coalesce(i.created_at, i.first_seen_at), i.result, i.reason,
                                        i.identified_at) r;
SELECT identdesk._fold_overview();

-- The same facts as before (see 0001 for each kind's columns), from the counts.
CREATE OR REPLACE FUNCTION identdesk.overview_facts(p_account uuid, p_previous_from timestamptz, p_from timestamptz,
                                                    p_to timestamptz, p_now timestamptz, p_time_zone text,
                                                    p_open text[], p_final text[])
RETURNS TABLE (kind text, day date, is_current boolean, result text, reason text, bucket integer,
               seconds double precision, n bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, identdesk, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_zone text := 'UTC';
    v_epoch constant timestamptz := '2000-01-01 00:00:00+00';
    -- The ages' limits, and the quarter hour each cuts (none when it falls on a boundary).
    v_day timestamptz := p_now - interval '1 day';
    v_week timestamptz := p_now - interval '7 days';
    v_day_cut timestamptz := nullif(date_bin('15 minutes', p_now - interval '1 day', v_epoch), p_now - interval '1 day');
    v_week_cut timestamptz := nullif(date_bin('15 minutes', p_now - interval '7 days', v_epoch), p_now - interval '7 days');
BEGIN
    PERFORM identdesk._require(ARRAY['identdesk_officer', 'identdesk_auditor', 'identdesk_admin']);
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z WHERE z.name = p_time_zone) THEN
        v_zone := p_time_zone;
    END IF;
    PERFORM identdesk._fold_overview();
    -- Each part reads its own range of the counts (and the deltas not folded yet), so a
    -- period reads its quarter hours and nothing else.
    RETURN QUERY
    SELECT 'day'::text, (c.slot AT TIME ZONE v_zone)::date, true, nullif(c.result, ''), NULL::text,
           NULL::integer, NULL::double precision, sum(c.n)::bigint
      FROM (SELECT x.slot, x.result, x.n FROM identdesk.overview_counts x
             WHERE x.kind = 1 AND x.slot >= p_from AND x.slot < p_to AND (p_account IS NULL OR x.account_id = p_account)
            UNION ALL
            SELECT d.slot, d.result, d.n FROM identdesk.overview_deltas d
             WHERE d.kind = 1 AND d.slot >= p_from AND d.slot < p_to AND (p_account IS NULL OR d.account_id = p_account)) c
     GROUP BY 2, 4 HAVING sum(c.n) <> 0
    UNION ALL
    SELECT 'result', NULL, c.slot >= p_from, c.result, nullif(c.reason, ''), NULL, NULL, sum(c.n)::bigint
      FROM (SELECT x.slot, x.result, x.reason, x.n FROM identdesk.overview_counts x
             WHERE x.kind = 2 AND x.slot >= p_previous_from AND x.slot < p_to
               AND (p_account IS NULL OR x.account_id = p_account)
            UNION ALL
            SELECT d.slot, d.result, d.reason, d.n FROM identdesk.overview_deltas d
             WHERE d.kind = 2 AND d.slot >= p_previous_from AND d.slot < p_to
               AND (p_account IS NULL OR d.account_id = p_account)) c
     GROUP BY 3, 4, 5 HAVING sum(c.n) <> 0
    UNION ALL
    SELECT 'duration', date_trunc('week', c.slot AT TIME ZONE v_zone)::date, true, NULL, NULL, NULL,
           (c.minutes * 60)::double precision, sum(c.n)::bigint
      FROM (SELECT x.slot, x.minutes, x.n FROM identdesk.overview_counts x
             WHERE x.kind = 3 AND x.slot >= p_from AND x.slot < p_to AND x.result = ANY (p_final)
               AND (p_account IS NULL OR x.account_id = p_account)
            UNION ALL
            SELECT d.slot, d.minutes, d.n FROM identdesk.overview_deltas d
             WHERE d.kind = 3 AND d.slot >= p_from AND d.slot < p_to AND d.result = ANY (p_final)
               AND (p_account IS NULL OR d.account_id = p_account)) c
     GROUP BY 2, 7 HAVING sum(c.n) <> 0
    UNION ALL
    SELECT 'waiting', NULL, true, w.result, NULL, w.bucket, NULL, sum(w.n)::bigint
      FROM (
        -- The quarter hours wholly on one side of each age's limit, from the counts…
        SELECT nullif(c.result, '') AS result,
               CASE WHEN c.slot >= v_day THEN 0 WHEN c.slot >= v_week THEN 1 ELSE 2 END AS bucket, c.n
          FROM (SELECT x.slot, x.result, x.n FROM identdesk.overview_counts x
                 WHERE x.kind = 1 AND (x.result = '' OR x.result = ANY (p_open))
                   AND (p_account IS NULL OR x.account_id = p_account)
                UNION ALL
                SELECT d.slot, d.result, d.n FROM identdesk.overview_deltas d
                 WHERE d.kind = 1 AND (d.result = '' OR d.result = ANY (p_open))
                   AND (p_account IS NULL OR d.account_id = p_account)) c
         WHERE c.slot IS DISTINCT FROM v_day_cut AND c.slot IS DISTINCT FROM v_week_cut
        UNION ALL
        -- …and the identifications of the (at most two) quarter hours a limit cuts, one by one.
        SELECT i.result,
               CASE WHEN coalesce(i.created_at, i.first_seen_at) >= v_day THEN 0
                    WHEN coalesce(i.created_at, i.first_seen_at) >= v_week THEN 1 ELSE 2 END, 1
          FROM identdesk.identifications i
         WHERE (i.result IS NULL OR i.result = ANY (p_open))
           AND (p_account IS NULL OR i.account_id = p_account)
           AND ((coalesce(i.created_at, i.first_seen_at) >= v_day_cut
                 AND coalesce(i.created_at, i.first_seen_at) < v_day_cut + interval '15 minutes')
             OR (coalesce(i.created_at, i.first_seen_at) >= v_week_cut
                 AND coalesce(i.created_at, i.first_seen_at) < v_week_cut + interval '15 minutes'))
      ) w
     GROUP BY 4, 6 HAVING sum(w.n) <> 0;
END
$$;
-- It folds (writes): the bounded wait every writing function has.
ALTER FUNCTION identdesk.overview_facts(uuid, timestamptz, timestamptz, timestamptz, timestamptz, text, text[], text[])
    SET lock_timeout = '3s';
