-- 0001: the foundation schema. Released: never edit; add 0002_… instead.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('caseworker', 'lawyer', 'coordinator', 'admin')),
    created_at TEXT NOT NULL,
    removed_at TEXT
) STRICT;
CREATE UNIQUE INDEX users_active ON users(name) WHERE removed_at IS NULL;

CREATE TABLE private_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Tamper-evident log: mac = HMAC(audit subkey, prev_mac || fields).
CREATE TABLE audit_log (
    seq      INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    prev_mac BLOB NOT NULL,
    mac      BLOB NOT NULL
) STRICT;
