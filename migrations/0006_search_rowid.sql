-- Each case remembers the rowid of its row in the search index, so an update deletes that
-- row by rowid. Deleting by `case_id` (an UNINDEXED column of the FTS5 table) scanned the
-- whole index on every saved answer: linear in the number of cases (BENCHMARKS.md).
ALTER TABLE cases ADD COLUMN search_rowid INTEGER;
CREATE TEMP TABLE search_rowids AS
    SELECT case_id, max(rowid) AS r FROM case_search GROUP BY case_id;
CREATE INDEX temp.search_rowids_case ON search_rowids(case_id);
UPDATE cases SET search_rowid = (SELECT r FROM temp.search_rowids WHERE search_rowids.case_id = cases.id);
DROP TABLE temp.search_rowids;
