-- 0007: an index on `cases.search_rowid`, so a full-text search is driven by the index's
-- matches and joins each one to its case, instead of scanning every case and testing it
-- against a temporary list of the matches (BENCHMARKS.md). Released: never edit.
CREATE INDEX cases_search_rowid ON cases(search_rowid);
