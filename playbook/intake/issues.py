"""Turn pydantic's errors into the playbook's consultant-facing Issues.

Models state expectations in their validators' messages ("an integer in the range 1–5");
this module only adds the file, row or line and a field path such as `objectives[2].baseline`
(list positions are 1-based, as a consultant counts them).
"""
from __future__ import annotations

import difflib
from typing import Any, Iterable

from pydantic import ValidationError

from playbook.errors import Issue, Text

_EXPECTED = {
    "missing": "a value (this field is required)",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_type": "a date written YYYY-MM-DD",
    "string_type": "text",
    "dict_type": "a mapping of keys to values",
    "list_type": "a list",
    "model_type": "a mapping of keys to values",
    "extra_forbidden": "only the documented fields",
    "finite_number": "a finite number",
}


def path_text(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a mapping's key: the key itself is the last part
            continue
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def expected_text(err: dict[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        return "one of " + str(ctx.get("expected", "")).replace("'", "")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"a number {sign} {bound}"
    if kind == "string_pattern_mismatch":
        return f"text matching {ctx.get('pattern')}"
    return _EXPECTED.get(kind, err["msg"])


def issues_from(exc: ValidationError, file: str, *, row: int | None = None,
                raw: dict[str, Any] | None = None, known: Iterable[str] = (),
                line_for=None, prefix: tuple[Any, ...] = ()) -> list[Issue]:
    """One Issue per pydantic error. `raw` gives the text as written (CSV), `line_for` maps a
    location to a YAML line, `known` lists valid field names to suggest for a misspelt key."""
    issues = []
    known = list(known)
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        field = path_text(loc)
        found = raw.get(str(err["loc"][0])) if raw is not None and err["loc"] else err.get("input")
        if err["type"] == "missing":
            found = None
        expected = expected_text(err)
        if err["type"] == "extra_forbidden":
            found = Text(f"an unknown field '{loc[-1]}'")
            guess = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
            expected = f"did you mean '{guess[0]}'?" if guess else "only the documented fields"
        if isinstance(found, (dict, list)):
            found = Text(f"a {type(found).__name__}" if found else f"an empty {type(found).__name__}")
        issues.append(Issue(file, field, found, expected, row=row,
                            line=line_for(loc) if line_for else None))
    return issues


def suggest(name: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""
