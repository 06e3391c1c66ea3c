-- 0004: each local user's key pairs for bundles (X25519 for receiving, Ed25519 for signing),
-- wrapped by the vault's user-keys subkey; and the contacts each user pinned. Never edit.
CREATE TABLE user_keys (
    user        TEXT PRIMARY KEY,
    nonce       BLOB NOT NULL,
    wrapped     BLOB NOT NULL,
    public_line TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE contacts (
    owner       TEXT NOT NULL,
    name        TEXT NOT NULL,
    key_line    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    pinned_at   TEXT NOT NULL,
    PRIMARY KEY (owner, name)
) STRICT;
