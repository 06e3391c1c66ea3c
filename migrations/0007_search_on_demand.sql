-- 0007: full-text search on demand. An index on `cases.search_rowid`, so a search is driven
-- by the index's matches and joins each one to its case instead of scanning every case; and
-- `search_stale`: a saved answer marks its case, and the case's search row is rewritten
-- when a search next runs (or the vault settles), not on every autosave — re-indexing a
-- whole testimony per keystroke pause was most of a save's writes (BENCHMARKS.md).
-- Released: never edit.
CREATE INDEX cases_search_rowid ON cases(search_rowid);
ALTER TABLE cases ADD COLUMN search_stale INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_search_stale ON cases(id) WHERE search_stale = 1;
