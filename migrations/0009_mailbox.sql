-- 0009: the team mailbox (issue 16). Everything here lives inside the SQLCipher database;
-- nothing of it is ever written to settings.json, a log or an error.
-- `mailboxes`: where a mailbox is (`settings`: JSON of the folder path, or S3 endpoint,
-- bucket and region, or WebDAV URL) and its secrets (`sealed`: the 32-byte mailbox key and
-- any S3 keys or WebDAV user and password, AES-256-GCM under the `mailboxes` subkey with the
-- vault id and mailbox name as associated data — sealed again inside the encrypted database,
-- as user keys are).
-- `mailbox_outbox`: what to send — a case or status card bundle to one contact, or a
-- delivery receipt — through one mailbox. The object name is chosen and recorded before the
-- upload (queued → uploaded → delivered); `bundle` (the signed, encrypted bytes) is dropped
-- once delivered (a receipt: once uploaded). `last_error` is a closed code, never the
-- server's text.
-- `mailbox_inbox`: every object name fetched from a mailbox, once: what it was (a bundle or a
-- receipt) and what became of it (imported, held, already opened, refused with a closed
-- reason, a receipt matched), so the same object is never imported twice.
-- `incoming_new_cases`: the board asks whether a case came in a bundle (its creator is in
-- another vault) by its `new_case` entry, since `case_senders.card_to` also names those this
-- vault sent a status card to (sending a card must not cost a caseworker her own case).
-- Never edit.
CREATE TABLE mailboxes (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    engine     TEXT NOT NULL CHECK (engine IN ('folder', 's3', 'webdav')),
    settings   TEXT NOT NULL,
    nonce      BLOB NOT NULL,
    sealed     BLOB NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL
) STRICT;

CREATE TABLE mailbox_outbox (
    id                    INTEGER PRIMARY KEY,
    mailbox_id            INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    sent_by               TEXT NOT NULL,
    contact               TEXT NOT NULL,
    recipient_fingerprint TEXT NOT NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('case', 'status_card', 'receipt')),
    case_id               TEXT,
    object_name           TEXT NOT NULL UNIQUE,
    digest                TEXT NOT NULL,
    bundle                BLOB,
    state                 TEXT NOT NULL CHECK (state IN ('queued', 'uploaded', 'delivered')),
    attempts              INTEGER NOT NULL DEFAULT 0,
    last_error            TEXT,
    receipt_outcome       TEXT,
    queued_at             TEXT NOT NULL,
    uploaded_at           TEXT,
    delivered_at          TEXT
) STRICT;

CREATE INDEX mailbox_outbox_by_state ON mailbox_outbox(state, id);

CREATE TABLE mailbox_inbox (
    id                 INTEGER PRIMARY KEY,
    mailbox_id         INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    received_by        TEXT NOT NULL,
    object_name        TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('bundle', 'receipt', 'unknown')),
    outcome            TEXT NOT NULL CHECK (outcome IN ('imported', 'held', 'already_opened', 'refused', 'receipt')),
    reason             TEXT,
    sender             TEXT,
    sender_fingerprint TEXT,
    case_id            TEXT,
    digest             TEXT,
    deleted            INTEGER NOT NULL DEFAULT 0,
    fetched_at         TEXT NOT NULL,
    UNIQUE (mailbox_id, object_name)
) STRICT;

CREATE INDEX incoming_new_cases ON incoming(case_id) WHERE reason = 'new_case';
