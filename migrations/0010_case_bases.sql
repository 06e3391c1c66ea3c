-- 0010: the last version of each case exchanged with each contact (issue 16), so an update is
-- compared three ways: a change made here since that version, which the update does not
-- carry, makes it a conflict held for a person's merge; an update that carries every change
-- made here applies. Never last-write-wins.
-- `case_bases`: per case and contact key fingerprint, the answers (the answers' JSON) and
-- workflow status of the last version sent to or received from that contact, inside the
-- encrypted database like the answers themselves. `whole` is 1 once a whole case was
-- exchanged with that contact (a status card records only its own fields: a whole-case update
-- from someone who only ever exchanged cards has no base to compare with, and falls back to
-- comparing versions by time).
-- `incoming_by_case`: the board's "last heard from" (the newest bundle imported for a case)
-- without scanning every bundle ever opened.
-- Never edit.
CREATE TABLE case_bases (
    case_id     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    whole       INTEGER NOT NULL CHECK (whole IN (0, 1)),
    status      TEXT NOT NULL,
    answers     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (case_id, fingerprint)
) STRICT;

CREATE INDEX incoming_by_case ON incoming(case_id, id);
