#!/usr/bin/env python3
"""XLSForm conformance: Waystone's importer against pyxform, the reference implementation.

Usage: conformance.py WAYSTONE_DUMP_BINARY [--verbose] [--markdown FILE]

The corpus is every workbook under scripts/xlsform/corpus/ (pyxform's own example workbooks,
BSD-2-Clause, see corpus/pyxform/LICENSE) plus the invented forms of project_forms.py, written
to a temporary directory. Each workbook is converted by pyxform (`convert`, which runs all of
pyxform's checks) and by Waystone (`xlsform_dump`), and the two outcomes are compared:

- both accept: the structures must be the same — form id and title; the tree of groups,
  repeats and questions (names, kinds, nesting); labels, hints and constraint messages per
  language; required, relevant, constraint and calculation expressions, read_only, default,
  repeat_count (pyxform's generated `<repeat>_count` for a constant folded back); the choices of every select, with
  their extra columns (`country` of a city) and the select's choice filter.
- pyxform rejects: Waystone must reject too.
- pyxform accepts, Waystone refuses: every problem must name its sheet and row (a feature
  Waystone does not support, or a rule of its own such as a label in every language).

Exit status 1 if any outcome disagrees. The agreement rate is printed; with --markdown FILE the
figures and the table of outcomes replace only the generated part of FILE (between the
`conformance:begin` and `conformance:end` markers), keeping the hand-written text around it.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import project_forms  # noqa: E402

try:
    from importlib.metadata import version as _version

    from pyxform.xls2xform import convert
    PYXFORM_VERSION = _version("pyxform")
except ImportError:  # pragma: no cover
    sys.exit("conformance: pyxform is not installed (scripts/xlsform-conformance.sh installs it)")

LANGUAGE_NAMES = {
    "english": "en", "russian": "ru", "русский": "ru", "chechen": "ce", "ingush": "inh",
    "ukrainian": "uk", "french": "fr", "français": "fr", "german": "de", "spanish": "es",
    "español": "es", "arabic": "ar", "turkish": "tr", "georgian": "ka", "azerbaijani": "az",
    "portuguese": "pt", "português": "pt", "italian": "it", "dutch": "nl", "polish": "pl",
    "chinese": "zh", "japanese": "ja", "macedonian": "mk", "hindi": "hi", "swahili": "sw",
    "persian": "fa", "armenian": "hy",
}


def lang_code(name, default):
    """The code of an XLSForm language name, as Waystone's importer finds it."""
    if name is None or name == "default":
        return default
    name = name.strip()
    m = re.search(r"\(([^()]*)\)\s*$", name)
    if m:
        return re.split(r"[-_]", m.group(1).strip().lower())[0]
    if re.fullmatch(r"[a-z]{2,3}", name):
        return name
    return LANGUAGE_NAMES.get(name.lower(), "?" + name)


def norm_expr(e):
    if e is None or e == "":
        return None
    e = str(e)
    e = re.sub(r"\.\./([A-Za-z_][\w.-]*)", r"${\1}", e)  # pyxform's or_other: ../name
    e = re.sub(r"\btrue\(\s*\)", "true", e)
    e = re.sub(r"\bfalse\(\s*\)", "false", e)
    return re.sub(r"\s+", "", e)


def norm_required(v):
    if v is None or v is False:
        return None
    s = str(v).strip()
    if s.lower() in ("yes", "true", "true()", "1"):
        return True
    if s.lower() in ("no", "false", "false()", "0", ""):
        return None
    return norm_expr(s)


# ---------------------------------------------------------------- pyxform side

def py_labels(v, default):
    if v is None or v == "" or v == {}:
        return {}
    if isinstance(v, dict):
        return {lang_code(k, default): str(x).strip() for k, x in v.items() if str(x).strip()}
    return {default: str(v).strip()}


PY_KINDS = {
    "select one": "select_one", "select all that apply": "select_multiple",
    "photo": "attachment", "image": "attachment", "audio": "attachment",
    "video": "attachment", "file": "attachment", "acknowledge": "yes_no",
    "string": "text", "int": "integer",
}


def py_choices(choices, default):
    out = []
    for c in choices or []:
        label = py_labels(c.get("label"), default)
        if c.get("name") == "other" and set(label.values()) <= {"Other"}:
            label = "(or_other)"
        extra = {
            str(k): str(v).strip() for k, v in c.items()
            if k not in ("name", "label", "media") and str(v).strip()
        }
        out.append((str(c.get("name")), label, extra))
    return out


def id_from_file_stem(stem):
    """Waystone's form id for a workbook whose settings give none (pyxform keeps the file name)."""
    out = ""
    for c in stem.lower():
        if c.isascii() and (c.isalpha() or c.isdigit()):
            out += c
        elif out and not out.endswith("_"):
            out += "_"
    out = out.rstrip("_")
    if not (out[:1].isascii() and out[:1].isalpha()):
        out = "form_" + out
    return out[:64].rstrip("_")


def py_tree(d, stem):
    default = lang_code(d.get("default_language"), "und")
    lists = d.get("choices") or {}

    def elem(e):
        t = e.get("type")
        bind = e.get("bind") or {}
        if t == "group" and e.get("name") == "meta" and (e.get("control") or {}).get("bodyless"):
            return []
        if t in ("group", "repeat"):
            out = {
                "kind": t, "name": e.get("name"),
                "label": py_labels(e.get("label"), default),
                "relevant": norm_expr(bind.get("relevant")),
                "children": fold_counts([x for c in e.get("children", []) for x in elem(c)]),
            }
            if t == "repeat":
                out["repeat_count"] = norm_expr((e.get("control") or {}).get("jr:count"))
            return [out]
        kind = PY_KINDS.get(t, t)
        if kind == "select_one" and e.get("waystone_type") == "yes_no":
            kind = "yes_no"
        label = py_labels(e.get("label"), default)
        if str(e.get("name", "")).endswith("_other") and e.get("label") == "Specify other.":
            label = "(or_other)"
        q = {
            "kind": kind, "name": e.get("name"), "label": label,
            "hint": py_labels(e.get("hint"), default),
            "required": norm_required(bind.get("required")),
            "relevant": norm_expr(bind.get("relevant")),
            "constraint": norm_expr(bind.get("constraint")),
            "constraint_message": py_labels(bind.get("jr:constraintMsg"), default),
            "calculation": norm_expr(bind.get("calculate")),
            "read_only": kind != "calculate" and norm_required(bind.get("readonly")) is True,
            "default": norm_default(e.get("default")),
        }
        if kind in ("select_one", "select_multiple"):
            choices = e.get("choices") or lists.get(e.get("itemset") or e.get("list_name"))
            q["choices"] = py_choices(choices, default)
            q["choice_filter"] = norm_expr(e.get("choice_filter"))
        return [q]

    def fold_counts(children):
        """pyxform writes a constant `repeat_count` (`3`) as a generated calculate `<repeat>_count`
        just before the repeat, and the count as a reference to it: fold that back."""
        out = []
        for c in children:
            prev = out[-1] if out else None
            if (c.get("kind") == "repeat" and prev is not None and prev.get("kind") == "calculate"
                    and prev.get("name") == f"{c['name']}_count"
                    and c.get("repeat_count") == "${" + prev["name"] + "}"):
                out.pop()
                c = dict(c, repeat_count=prev.get("calculation"))
            out.append(c)
        return out

    id_string = d.get("id_string")
    if id_string == stem:
        id_string = id_from_file_stem(stem)
    return {
        "id": id_string,
        "title": id_string if d.get("title") == stem else d.get("title"),
        "children": fold_counts([x for c in d.get("children", []) for x in elem(c)]),
    }


def norm_default(v):
    if v is None:
        return None
    s = str(v).strip()
    return s or None


# ---------------------------------------------------------------- Waystone side

WS_KINDS = {
    "long_text": "text", "person_ref": "text", "place_ref": "text",
    "select_many": "select_multiple",
}


def ws_labels(obj, key):
    prefix = key + "::"
    return {k[len(prefix):]: v for k, v in obj.items() if k.startswith(prefix)}


def ws_tree(dump):
    d = dump["definition"]
    implicit = set(dump.get("implicit_sections") or [])
    lists = d.get("choice_lists") or {}
    langs = d.get("languages") or []

    def item(i):
        if i["type"] == "repeat":
            return {
                "kind": "repeat", "name": i["name"], "label": ws_labels(i, "label"),
                "relevant": norm_expr(i.get("relevant")),
                "repeat_count": norm_expr(i.get("repeat_count")),
                "children": [item(c) for c in i.get("items", [])],
            }
        kind = WS_KINDS.get(i["type"], i["type"])
        label = ws_labels(i, "label")
        if i["name"].endswith("_other") and label.get("en", "Specify other.") == "Specify other.":
            if (i.get("relevant") or "").startswith("selected(") and "'other'" in i.get("relevant", ""):
                label = "(or_other)"
        q = {
            "kind": kind, "name": i["name"], "label": label,
            "hint": ws_labels(i, "hint"),
            "required": norm_required(i.get("required")),
            "relevant": norm_expr(i.get("relevant")),
            "constraint": norm_expr(i.get("constraint")),
            "constraint_message": ws_labels(i, "constraint_message"),
            "calculation": norm_expr(i.get("calculation")),
            "read_only": bool(i.get("read_only")),
            "default": norm_default(i.get("default")),
        }
        if kind in ("select_one", "select_multiple"):
            choices = []
            for c in lists.get(i.get("choices"), []):
                label = ws_labels(c, "label")
                if c["name"] == "other" and label.get("en", "Other") == "Other" and set(label.values()) <= {"Other", "Другое"}:
                    label = "(or_other)"
                choices.append((c["name"], label, dict(c.get("properties") or {})))
            q["choices"] = choices
            q["choice_filter"] = norm_expr(i.get("choice_filter"))
        return q

    children = []
    for s in d.get("sections", []):
        items = [item(c) for c in s.get("items", [])]
        if s["name"] in implicit:
            children.extend(items)
        else:
            children.append({
                "kind": "group", "name": s["name"], "label": ws_labels(s, "label"),
                "relevant": norm_expr(s.get("relevant")), "children": items,
            })
    default = langs[0] if langs else "und"
    return {"id": d["id"], "title": d.get("title::" + default), "children": children}


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: pyxform {a!r} / waystone {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: pyxform {a.get(k)!r} / waystone {b.get(k)!r}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: pyxform has {len(a)} / waystone has {len(b)}"
        return None
    return None if a == b else f"{path}: pyxform {a!r} / waystone {b!r}"


def pyxform_outcome(path):
    try:
        r = convert(xlsform=path, warnings=[])
        return True, r._pyxform, None
    except Exception as e:  # pyxform's own refusal
        return False, None, (str(e).strip().splitlines() or [type(e).__name__])[0]


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    binary = args[0]
    verbose = "--verbose" in args
    markdown = args[args.index("--markdown") + 1] if "--markdown" in args else None

    tmp = tempfile.mkdtemp(prefix="waystone-xlsform-")
    files = sorted(
        p for p in glob.glob(os.path.join(HERE, "corpus", "**", "*"), recursive=True)
        if p.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods"))
    )
    files += project_forms.write_all(os.path.join(tmp, "project"))

    out = subprocess.run([binary, *files], check=True, capture_output=True, text=True).stdout
    ws = {}
    for line in out.splitlines():
        obj = json.loads(line)
        ws[obj["file"]] = obj

    rows = []
    counts = {}
    for f in files:
        name = os.path.relpath(f, HERE) if f.startswith(HERE) else "project/" + os.path.basename(f)
        ok, pyd, perr = pyxform_outcome(f)
        w = ws[f]
        if not ok and not w["ok"]:
            outcome, note = "both_reject", perr
        elif not ok and w["ok"]:
            outcome, note = "DISAGREE_waystone_accepts", perr
        elif ok and not w["ok"]:
            problems = w["problems"]
            unlocated = [p for p in problems if p["row"] is None and p["sheet"] not in ("",)]
            file_level = [p for p in problems if p["sheet"] == ""]
            if unlocated or file_level:
                outcome = "DISAGREE_refused_without_row"
                note = (unlocated or file_level)[0]["reason"]
            else:
                outcome = "refused_unsupported" if any(p["unsupported"] for p in problems) else "refused_waystone_rule"
                p = problems[0]
                note = f"{len(problems)} problem(s); first: {p['sheet']} row {p['row']}: {p['reason']}"
        else:
            stem = os.path.splitext(os.path.basename(f))[0]
            diff = first_difference(py_tree(pyd, stem), ws_tree(w))
            outcome, note = ("same", None) if diff is None else ("DISAGREE_structure", diff)
        counts[outcome] = counts.get(outcome, 0) + 1
        rows.append((name, outcome, note))
        if verbose or outcome.startswith("DISAGREE"):
            print(f"{outcome:32} {name}" + (f"\n    {note}" if note else ""))

    total = len(rows)
    agree = sum(n for k, n in counts.items() if not k.startswith("DISAGREE"))
    both_accept = counts.get("same", 0) + counts.get("DISAGREE_structure", 0)
    print()
    print(f"XLSForm conformance with pyxform: {agree}/{total} workbooks agree ({100.0 * agree / total:.1f} %)")
    for k in sorted(counts):
        print(f"  {k:32} {counts[k]}")
    if both_accept:
        print(f"  structure identical where both accept: {counts.get('same', 0)}/{both_accept}")

    if markdown:
        lines = [
            f"XLSForm conformance with pyxform {PYXFORM_VERSION}: **{agree}/{total} workbooks agree "
            f"({100.0 * agree / total:.1f} %)**.",
            "",
            "| outcome | workbooks |",
            "|---|---|",
        ]
        lines += [f"| {k} | {counts[k]} |" for k in sorted(counts)]
        lines += ["", "| workbook | outcome | note |", "|---|---|---|"]
        for name, outcome, note in rows:
            note = (note or "").replace("|", "\\|").replace("\n", " ")[:200]
            lines.append(f"| {name} | {outcome} | {note} |")
        write_generated(markdown, "\n".join(lines) + "\n")
    return 1 if agree < total else 0


BEGIN = "<!-- conformance:begin (generated by scripts/xlsform-conformance.sh; edit above this line) -->"
END = "<!-- conformance:end -->"


def write_generated(path, body):
    """Replaces only the generated part of `path` (between BEGIN and END), keeping the text the
    authors wrote around it. A file without the markers keeps everything before its first table
    row and gains them."""
    try:
        with open(path) as fh:
            text = fh.read()
    except FileNotFoundError:
        text = ""
    if BEGIN in text and END in text:
        head = text[: text.index(BEGIN)]
        tail = text[text.index(END) + len(END):]
    else:
        cut = text.find("\n| ")
        head = (text[: cut + 1] if cut >= 0 else text).rstrip("\n") + "\n\n"
        tail = "\n"
    with open(path, "w") as fh:
        fh.write(head + BEGIN + "\n" + body + END + tail)


if __name__ == "__main__":
    sys.exit(main())
