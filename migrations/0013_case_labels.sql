-- 0013: private case labels (issue 18, "finding yesterday's survivor"): each user may give a
-- case a short label of their own, shown beside its code in their own case list. Inside the
-- encrypted database like everything else; one row per case and user, read only by that
-- user; never exported, sent, put on a board or written to a document. Removed with the case.
-- Vaults written before this version open as they did (no label is an empty table).
-- Never edit.
CREATE TABLE case_labels (
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user       TEXT NOT NULL,
    label      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user)
) STRICT;
