-- The team's identifications carry whether officers reported contradicting final results:
-- the detail then lists every officer's observation (read from the team workspace).
ALTER TABLE team_identifications ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0;
