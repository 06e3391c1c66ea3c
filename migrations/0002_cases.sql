-- 0002: cases, their answers with history, and attachments. Released: never edit.
CREATE TABLE cases (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    form_id      TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'interview_in_progress',
    stage        TEXT,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
) STRICT;

-- The current answer at each path (JSON of waystone_forms::Answer).
CREATE TABLE answers (
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    answer     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (case_id, path)
) STRICT;

-- Instance counts of repeat groups (episodes, perpetrators, …).
CREATE TABLE repeats (
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    path    TEXT NOT NULL,
    count   INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (case_id, path)
) STRICT;

-- Every change of an answer or a repeat count: who, when, what it became (NULL = cleared).
CREATE TABLE answer_history (
    id      INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    path    TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('answer', 'repeat')),
    value   TEXT,
    at      TEXT NOT NULL,
    by      TEXT NOT NULL
) STRICT;
CREATE INDEX answer_history_case ON answer_history(case_id, id);

-- Attachments are encrypted files under attachments/ named by id; the row keeps the
-- wrapped per-file key and the SHA-256 of the original for chain of custody.
CREATE TABLE attachments (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    key_nonce   BLOB NOT NULL,
    wrapped_key BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_case ON attachments(case_id);
