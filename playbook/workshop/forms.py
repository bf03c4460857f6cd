"""What every participant form shares: the submitted fields, the outcome of checking them, and
the small parsers that turn what a phone typed into values or a message in plain words.

A form never raises on bad input: it answers with the problems, the page shows them above the
form with what was typed kept, and nothing is written until every problem is gone."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

Fields = Mapping[str, str]
MAX_TEXT = 1000  # characters in one free-text answer: a comment, not an essay
MAX_SHORT = 80  # a name or a role
ANON_MIN = 3  # an anonymous aggregate of one or two people is their answers: shown from three


@dataclass
class Outcome:
    """The result of checking one submission: rows to append, or problems to show (or a
    question to confirm, such as saving a partial set of answers)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    confirm: str | None = None
    saved: str = ""  # the thank-you sentence once written

    @property
    def ok(self) -> bool:
        return not self.problems and self.confirm is None and bool(self.rows)


def text(fields: Fields, name: str, label: str, problems: list[str], required: bool = False,
         limit: int = MAX_TEXT) -> str:
    """A trimmed text field; a required one left blank, or one over the limit, is a problem."""
    value = " ".join(str(fields.get(name, "")).split()) if limit <= MAX_SHORT else str(fields.get(name, "")).strip()
    if required and not value:
        problems.append(f"{label}: please fill this in.")
    elif len(value) > limit:
        problems.append(f"{label}: at most {limit} characters (found {len(value)}).")
        value = value[:limit]
    return value


def number(fields: Fields, name: str, label: str, problems: list[str], low: float | None = None,
           high: float | None = None, required: bool = True, whole: bool = False) -> float | None:
    """A number as a person types it ("1,250", " 40 "); a unit or a word is a problem, not a guess."""
    raw = str(fields.get(name, "")).strip().replace(",", "").replace(" ", "")
    if not raw:
        if required:
            problems.append(f"{label}: please enter a number.")
        return None
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{label}: '{fields.get(name)}' is not a number (digits only, a point for decimals).")
        return None
    if not math.isfinite(value) or (whole and not value.is_integer()):
        problems.append(f"{label}: expected a {'whole ' if whole else ''}number, found '{fields.get(name)}'.")
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"from {low:g} to {high:g}" if low is not None and high is not None else (
            f"at least {low:g}" if low is not None else f"at most {high:g}")
        problems.append(f"{label}: expected a number {span}, found {value:g}.")
        return None
    return value


def date(fields: Fields, name: str, label: str, problems: list[str], required: bool = True,
         latest: dt.date | None = None) -> dt.date | None:
    """A YYYY-MM-DD date (what <input type=date> sends); `latest` refuses the future."""
    raw = str(fields.get(name, "")).strip()
    if not raw:
        if required:
            problems.append(f"{label}: please enter a date.")
        return None
    try:
        day = dt.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        problems.append(f"{label}: expected a date written YYYY-MM-DD, found '{raw}'.")
        return None
    if latest is not None and day > latest:
        problems.append(f"{label}: {day:%d %b %Y} is in the future; expected {latest:%d %b %Y} or earlier.")
        return None
    return day


def choice(fields: Fields, name: str, label: str, options: Mapping[str, str] | list[str],
           problems: list[str], required: bool = True) -> str:
    """One of a fixed list (a select's values); anything else is a problem, never stored."""
    raw = str(fields.get(name, "")).strip()
    if not raw:
        if required:
            problems.append(f"{label}: please choose one.")
        return ""
    if raw not in options:
        problems.append(f"{label}: '{raw[:40]}' is not one of the choices.")
        return ""
    return raw


def roles_in(frame: Any, defaults: tuple[str, ...]) -> list[str]:
    """The roles already used in a file, else the usual ones."""
    found = sorted({r for r in frame["role"].dropna() if r}) if not frame.empty else []
    return found or list(defaults)


def issue_text(issue: Any) -> str:
    """An Issue from the stage's own checks, said to a participant: no file name, no row."""
    found = "nothing" if issue.found is None else f"'{issue.found}'" if isinstance(issue.found, str) else issue.found
    return f"{str(issue.field).replace('_', ' ').capitalize()}: found {found}; expected {issue.expected}."


class Form:
    """One kind of participant form. Subclasses say what the page shows (`context`), how a
    submission becomes rows (`check`), where rows go (`write`) and what the projector shows
    (`live`). `check` and `write` run one at a time per session, so a duplicate check cannot
    race another participant's save."""

    kind = ""
    title = ""
    files: tuple[str, ...] = ()
    anonymous_capable = False

    def __init__(self, session: Any):
        self.session = session
        self._memo: dict[str, tuple[Any, Any]] = {}

    def who(self, fields: Fields, problems: list[str], roles: list[str], name_field: str) -> tuple[str, str]:
        """The participant and their role. Anonymous: a random code and a role from the fixed list
        (a typed role could be a name). Named: the typed name, and a listed or typed role."""
        role = choice(fields, "role", "Role", roles + ([] if self.session.anonymous else ["other"]), problems)
        if role == "other":
            role = text(fields, "role_other", "Your role", problems, required=True, limit=MAX_SHORT)
        if self.session.anonymous:
            return self.session.anonymous_code(), role
        return text(fields, name_field, "Your name", problems, required=True, limit=MAX_SHORT), role

    def tally(self, frame: Any, issues: list[Any], day: str, who: str) -> tuple[Any, dict[str, Any]]:
        """This session's rows and the presenter's head: how many answered, a file problem, and
        in anonymous mode whether the aggregate is still held back; in named mode, who answered."""
        mine = frame[frame[day] == self.session.wave] if not frame.empty else frame
        n = int(mine[who].nunique()) if not mine.empty else 0
        hidden = self.session.anonymous and n < ANON_MIN
        out: dict[str, Any] = {"answered": n, "problem": str(issues[0]) if issues else None, "bars": [],
                               "hidden": (f"Results appear once {ANON_MIN} people have answered, so no one's "
                                          "answers can be told apart.") if hidden else None}
        if not self.session.anonymous:
            out["names"] = sorted(mine[who].unique().tolist()) if n else []
        return mine, out

    def memo(self, key: str, path: Any, compute: Any) -> Any:
        """What was computed from a file, recomputed only when the file changed: the presenter
        polls every second and each submission re-reads the file it checks against."""
        try:
            info = path.stat()
            stamp: Any = (info.st_ino, info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            stamp = None
        hit = self._memo.get(key)
        if hit is None or hit[0] != stamp:
            hit = (stamp, compute())
            self._memo[key] = hit
        return hit[1]

    def context(self) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, fields: Fields) -> Outcome:
        raise NotImplementedError

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Append through the stage's own append (atomic, locked); `append(folder, rows)`."""
        type(self).append(self.session.folder, rows)

    def live(self) -> dict[str, Any]:
        """The presenter's data, recomputed only when the form's file changed."""
        return self.memo("live", self.session.folder / self.files[0], self._live)

    def _live(self) -> dict[str, Any]:
        raise NotImplementedError
