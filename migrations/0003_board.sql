-- 0003: the case board — workflow, assignment, evacuation tracking columns, search index,
-- registry decisions. Released: never edit.
ALTER TABLE cases ADD COLUMN assigned_caseworker TEXT;
ALTER TABLE cases ADD COLUMN assigned_lawyer TEXT;
ALTER TABLE cases ADD COLUMN due_date TEXT;
ALTER TABLE cases ADD COLUMN risk TEXT;
ALTER TABLE cases ADD COLUMN next_follow_up TEXT;
ALTER TABLE cases ADD COLUMN first_detention TEXT;
ALTER TABLE cases ADD COLUMN last_detention TEXT;
ALTER TABLE cases ADD COLUMN filing_body TEXT;
ALTER TABLE cases ADD COLUMN filing_number TEXT;
ALTER TABLE cases ADD COLUMN filing_date TEXT;
CREATE INDEX cases_status ON cases(status);
CREATE INDEX cases_stage ON cases(stage);
CREATE INDEX cases_follow_up ON cases(next_follow_up);
CREATE INDEX cases_updated ON cases(updated_at);

-- Workflow changes (status, assignment, due date, filing, stage): who, when, what.
-- `detail` holds workflow values only (status names, user names, dates), never testimony.
CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    at      TEXT NOT NULL,
    by      TEXT NOT NULL,
    kind    TEXT NOT NULL,
    detail  TEXT NOT NULL
) STRICT;
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Full-text search over what a case says, inside the encrypted database. Text is folded
-- (ё → е) before it is indexed and before a query runs.
CREATE VIRTUAL TABLE case_search USING fts5(
    case_id UNINDEXED,
    testimony,
    perpetrators,
    places,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- A person's decision on a suggested registry duplicate: the same entity, or not.
CREATE TABLE registry_decisions (
    kind     TEXT NOT NULL,
    key_a    TEXT NOT NULL,
    key_b    TEXT NOT NULL,
    same     INTEGER NOT NULL CHECK (same IN (0, 1)),
    at       TEXT NOT NULL,
    by       TEXT NOT NULL,
    PRIMARY KEY (kind, key_a, key_b)
) STRICT;
