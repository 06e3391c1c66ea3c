-- 0014: the lawyer's review drafts (issue 18, "review decisions are kept"): a lawyer's
-- redaction decisions and hidden phrases on one document of one case, kept inside the
-- encrypted database when they leave the review or the app locks, and given back on return.
-- One row per case, user, document (audience, with the asylum letter's host State) and
-- document language. `token` is the review token the decisions were made on: a review whose
-- token differs (the case, or the redaction rules, changed) drops the row. `decisions` is
-- JSON: span decisions by index and the hidden phrases (case text, like the answers beside
-- it). Removed with the case. Vaults written before this version open as they did.
-- Never edit.
CREATE TABLE review_drafts (
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user       TEXT NOT NULL,
    document   TEXT NOT NULL,
    language   TEXT NOT NULL,
    token      TEXT NOT NULL,
    ruleset    TEXT NOT NULL,
    decisions  TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user, document, language)
) STRICT;
