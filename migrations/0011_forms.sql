-- 0011: imported form definitions (issue 20: XLSForm import). Numbered 0011 on purpose: 0010
-- is reserved for another change. Everything lives inside the SQLCipher database.
-- `forms`: one row per form version an admin imported. `definition` is the canonical
-- definition JSON (format 1, the format of forms/<id>/v<N>.json), checked by the same loader
-- as the built-in forms; `digest` is its SHA-256 (hex); `workbook` keeps the imported
-- workbook's bytes for the record (what the author sent); `title` is the title labels as JSON
-- (for listing without loading). A form version is immutable: the triggers refuse any change
-- to its id, version, definition or digest, and refuse deleting a version any case was
-- started on — so every case stays on the exact questions it was answered against.
-- `available`: whether New interview offers it (a retired version stays readable).
-- Never edit.
CREATE TABLE forms (
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    title        TEXT NOT NULL,
    definition   TEXT NOT NULL,
    digest       TEXT NOT NULL,
    workbook     BLOB,
    available    INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;

CREATE TRIGGER forms_immutable
BEFORE UPDATE OF id, version, definition, digest ON forms
BEGIN
    SELECT RAISE(ABORT, 'a form version is immutable');
END;

CREATE TRIGGER forms_in_use
BEFORE DELETE ON forms
WHEN EXISTS (SELECT 1 FROM cases WHERE form_id = OLD.id AND form_version = OLD.version)
BEGIN
    SELECT RAISE(ABORT, 'a form version in use by a case cannot be removed');
END;
