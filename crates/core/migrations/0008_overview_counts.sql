-- The overview (and the list's total) from counts kept as identifications change, not from scanning them: its
-- answer no longer grows with the cache (100 000 identifications in one period were a
-- 100 ms scan of two indexes; these tables hold a few rows per quarter hour).
--
-- Times are counted per quarter hour (UTC) because every time zone's midnight falls on
-- one: an officer's local day is then a whole number of these slots, whatever their zone
-- and however it changes, so the counts stay exact. A slot is written as the cache's time
-- text of its first instant (`Clock::now_text`'s shape), so it compares with a day's first
-- instant as text.
ALTER TABLE identifications ADD COLUMN created_slot TEXT GENERATED ALWAYS AS (
    substr(created_at, 1, 14)
    || CASE WHEN substr(created_at, 15, 2) < '15' THEN '00' WHEN substr(created_at, 15, 2) < '30' THEN '15'
            WHEN substr(created_at, 15, 2) < '45' THEN '30' ELSE '45' END
    || ':00.000Z') VIRTUAL;
ALTER TABLE identifications ADD COLUMN identified_slot TEXT GENERATED ALWAYS AS (
    substr(identified_at, 1, 14)
    || CASE WHEN substr(identified_at, 15, 2) < '15' THEN '00' WHEN substr(identified_at, 15, 2) < '30' THEN '15'
            WHEN substr(identified_at, 15, 2) < '45' THEN '30' ELSE '45' END
    || ':00.000Z') VIRTUAL;

-- Creations by the quarter hour they were created (or first seen) in, and their current
-- result ('' while none).
CREATE TABLE overview_created (
    slot       TEXT NOT NULL,
    account_id TEXT NOT NULL,
    result     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (slot, account_id, result)
) STRICT, WITHOUT ROWID;
CREATE INDEX overview_created_by_result ON overview_created (result, account_id);

-- Results by the quarter hour of IDnow's identification time, with their reason ('' none).
CREATE TABLE overview_results (
    slot       TEXT NOT NULL,
    account_id TEXT NOT NULL,
    result     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (slot, account_id, result, reason)
) STRICT, WITHOUT ROWID;

-- How many identifications each account has: the list's total when nothing else filters
-- it, without counting rows (counting 1 000 000 was most of the window's start-up over them).
CREATE TABLE identification_totals (
    account_id TEXT NOT NULL PRIMARY KEY,
    count      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Whole minutes from creation to the result, by the result's quarter hour.
CREATE TABLE overview_durations (
    slot       TEXT NOT NULL,
    account_id TEXT NOT NULL,
    result     TEXT NOT NULL,
    minutes    INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (slot, account_id, result, minutes)
) STRICT, WITHOUT ROWID;

-- Whole minutes from creation to the result, as `identdesk.overview_facts` rounds them;
-- none for a result timed before its creation.
ALTER TABLE identifications ADD COLUMN result_minutes INTEGER GENERATED ALWAYS AS (
    CASE WHEN unixepoch(identified_at) >= unixepoch(created_at)
         THEN (unixepoch(identified_at) - unixepoch(created_at) + 30) / 60 END) VIRTUAL;

-- One identification's counts (and its account's total), added (sign 1) or taken away (sign -1): the identifications'
-- triggers below write here and this view's trigger applies it, so the counting is said once.
-- A count that reaches zero goes, so the tables hold only what there is to count (what is
-- waiting is read across all time, through `overview_created_by_result`).
CREATE VIEW overview_change (sign, account_id, created_slot, result, reason, identified_slot, minutes) AS
SELECT 0, '', '', '', '', '', 0 WHERE 0;

CREATE TRIGGER overview_change_apply INSTEAD OF INSERT ON overview_change BEGIN
    INSERT INTO identification_totals (account_id, count) VALUES (new.account_id, new.sign)
    ON CONFLICT DO UPDATE SET count = count + excluded.count;
    INSERT INTO overview_created (slot, account_id, result, count)
    VALUES (new.created_slot, new.account_id, coalesce(new.result, ''), new.sign)
    ON CONFLICT DO UPDATE SET count = count + excluded.count;
    DELETE FROM overview_created
     WHERE slot = new.created_slot AND account_id = new.account_id AND result = coalesce(new.result, '')
       AND count = 0;
    INSERT INTO overview_results (slot, account_id, result, reason, count)
    SELECT new.identified_slot, new.account_id, new.result, coalesce(new.reason, ''), new.sign
     WHERE new.identified_slot IS NOT NULL AND new.result IS NOT NULL
    ON CONFLICT DO UPDATE SET count = count + excluded.count;
    DELETE FROM overview_results
     WHERE slot = new.identified_slot AND account_id = new.account_id AND result = new.result
       AND reason = coalesce(new.reason, '') AND count = 0;
    INSERT INTO overview_durations (slot, account_id, result, minutes, count)
    SELECT new.identified_slot, new.account_id, new.result, new.minutes, new.sign
     WHERE new.identified_slot IS NOT NULL AND new.result IS NOT NULL AND new.minutes IS NOT NULL
    ON CONFLICT DO UPDATE SET count = count + excluded.count;
    DELETE FROM overview_durations
     WHERE slot = new.identified_slot AND account_id = new.account_id AND result = new.result
       AND minutes = new.minutes AND count = 0;
END;

CREATE TRIGGER overview_counts_insert AFTER INSERT ON identifications BEGIN
    INSERT INTO overview_change
    VALUES (1, new.account_id, new.created_slot, new.result, new.reason, new.identified_slot, new.result_minutes);
END;

CREATE TRIGGER overview_counts_delete AFTER DELETE ON identifications BEGIN
    INSERT INTO overview_change
    VALUES (-1, old.account_id, old.created_slot, old.result, old.reason, old.identified_slot, old.result_minutes);
END;

CREATE TRIGGER overview_counts_update
AFTER UPDATE OF created_at, account_id, result, reason, identified_at ON identifications
WHEN old.created_at IS NOT new.created_at OR old.account_id IS NOT new.account_id
  OR old.result IS NOT new.result OR old.reason IS NOT new.reason
  OR old.identified_at IS NOT new.identified_at
BEGIN
    INSERT INTO overview_change
    VALUES (-1, old.account_id, old.created_slot, old.result, old.reason, old.identified_slot, old.result_minutes);
    INSERT INTO overview_change
    VALUES (1, new.account_id, new.created_slot, new.result, new.reason, new.identified_slot, new.result_minutes);
END;

-- What is cached already is counted now.
INSERT INTO overview_change
SELECT 1, account_id, created_slot, result, reason, identified_slot, result_minutes FROM identifications;

-- The overview's scans are gone, and with them their two indexes (each one a write per
-- identification in every sync, and space in the cache).
DROP INDEX identifications_overview_created;
DROP INDEX identifications_overview_results;
