-- 0008: where each case's versions came from, so a bundle can neither roll a case back nor be
-- replayed, and an update from someone the case did not come from waits for a person.
-- `case_versions`: the newest version (the document's `updated_at`, as UTC milliseconds for
-- ordering and as sent) accepted from a bundle for each case; a bundle not newer is refused.
-- `case_senders`: the contacts (by key fingerprint) whose bundles may update a case without a
-- person's decision: the one it first came from (`origin`) and those this vault sent the
-- whole case to (`sent_to`); those it sent only a status card to (`card_to`) may send back
-- status cards, not the case.
-- `incoming`: every bundle opened here, by file digest and by signed-manifest identity
-- (a second opening is reported as already opened and changes nothing); a held one keeps the
-- verified case document (in this encrypted database) until a person accepts or rejects it.
-- Never edit.
CREATE TABLE case_versions (
    case_id     TEXT PRIMARY KEY,
    version_ms  INTEGER NOT NULL,
    version     TEXT NOT NULL,
    accepted_at TEXT NOT NULL
) STRICT;

CREATE TABLE case_senders (
    case_id     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    why         TEXT NOT NULL CHECK (why IN ('origin', 'sent_to', 'card_to')),
    since       TEXT NOT NULL,
    PRIMARY KEY (case_id, fingerprint)
) STRICT;

CREATE TABLE incoming (
    id                 INTEGER PRIMARY KEY,
    digest             TEXT NOT NULL UNIQUE,
    manifest_id        TEXT NOT NULL UNIQUE,
    received_by        TEXT NOT NULL,
    case_id            TEXT NOT NULL,
    code               TEXT NOT NULL,
    sender             TEXT NOT NULL,
    sender_fingerprint TEXT NOT NULL,
    status_card        INTEGER NOT NULL,
    version            TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('imported', 'held', 'refused')),
    reason             TEXT NOT NULL,
    changed            TEXT NOT NULL,
    document           TEXT,
    received_at        TEXT NOT NULL,
    decided_at         TEXT,
    decided_by         TEXT
) STRICT;

CREATE INDEX incoming_by_state ON incoming(received_by, state, id);
