-- 0012: a case's asylum details (issue 19): what a lawyer abroad records about the survivor's
-- claim in a host State — host State, authority, file number, stage of the procedure, risks
-- since leaving, the signatory and the consent naming the authority — as one JSON record per
-- case (the shape of `legal::asylum::AsylumDetails`), inside the encrypted database like the
-- answers. A case-level record, not testimony: the intake form and its answers are untouched,
-- so vaults written before this version open and read as they did.
-- Never edit.
CREATE TABLE asylum_details (
    case_id    TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    record     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;
