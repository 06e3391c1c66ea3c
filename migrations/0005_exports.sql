-- 0005: a record of every legal export: profile, rule-set version, hashes of the source and
-- of the output, and the applied redaction log (keyed hashes only). Never edit.
CREATE TABLE exports (
    id              INTEGER PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    profile         TEXT NOT NULL,
    format          TEXT NOT NULL,
    ruleset_version TEXT NOT NULL,
    source_sha256   TEXT NOT NULL,
    output_sha256   TEXT NOT NULL,
    log             TEXT NOT NULL,
    at              TEXT NOT NULL,
    by              TEXT NOT NULL
) STRICT;
