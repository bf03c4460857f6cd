"""portfolio.csv: the initiatives competing for budget and capacity, and their links.

Loaded into the frame the prioritisation methods expect: index `id`; name, objective (None for an
orphan), cost, one float column per criterion of client.yaml (named as there), one `fte_<team>`
column per team under `prioritisation.capacity` (blank = 0), depends_on and exclusive_with as
lists of ids (exclusions made symmetric), mandatory as bool, and the WSJF columns when the file
has them (NaN where blank), and the lifecycle columns: status (proposed | approved | in_flight |
on_hold | done | stopped; blank = proposed), start, finish and actual_finish as dates (None where
blank), spent_to_date (blank = 0), actual_cost (NaN where blank), category and owner.

Everything that would make the selection silently wrong is an error naming file, row and field:
unknown objective or initiative ids, duplicate ids, dependency cycles, a criterion without its
column, a capacity without its `fte_` column and, the reverse, an `fte_` column for a team with
no capacity (its demand would otherwise go unconstrained without anyone noticing). The
`prioritisation` settings it relies on are checked here too and reported against client.yaml:
forced-out ids, the budget, and AHP judgements (via playbook.prioritisation.ahp).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Callable, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from playbook.prioritisation import ahp
from playbook.intake.client import FILE as CLIENT_FILE, Client
from playbook.errors import DataError, Issue, Text
from playbook.prioritisation.commitments import COMMITTED, STATUSES  # noqa: F401  (COMMITTED re-exported)
from playbook.prioritisation.scoring import FTE_PREFIX as FTE, WSJF_COLUMNS, WSJF_SCALE
from playbook.intake.contract_columns import fte_header  # the header of a team's demand: fte_clinical_ops
from playbook.intake.csv_files import exists, located, parse_rows, read_csv
from playbook.intake.fields import IsoDate
from playbook.intake.values import Flag, FreeText, Name, Number, european, parse_number
from playbook.intake.yaml_files import line_of, load_rt

FILE = "portfolio.csv"
REQUIRED = ["id", "name", "objective", "cost"]
LINKS = ["depends_on", "exclusive_with"]
WSJF = list(WSJF_COLUMNS)
LIFECYCLE = ["status", "start", "finish", "spent_to_date", "actual_cost", "actual_finish", "category", "owner"]
OPTIONAL = [*LINKS, "mandatory", *WSJF, *LIFECYCLE]
_SCALE = "one of " + ", ".join(map(str, WSJF_SCALE))
_ID = re.compile(r"^[^;,\s]+$")


def fte_column(team: str) -> str:
    """The frame's demand column, spelt as client.yaml spells the team ('fte_Clinical ops'), so
    the capacity mapping passes to the selection unchanged and reasons name the team."""
    return FTE + team


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return list(value)


_SCALE_TEXT = _SCALE + " (blank if not sized)"


def _on_scale(value: Any, info: ValidationInfo) -> Any:
    if value is None:
        return None
    try:
        number = parse_number(value, european(info))
    except ValueError:
        raise ValueError(_SCALE_TEXT) from None
    if number not in WSJF_SCALE:
        raise ValueError(_SCALE_TEXT)
    return number


class InitiativeRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: Name
    name: FreeText
    objective: Name | None = None
    cost: Annotated[Number, Field(ge=0)]
    depends_on: list[Name] = Field(default_factory=list)
    exclusive_with: list[Name] = Field(default_factory=list)
    mandatory: Flag = False
    business_value: float | None = None
    time_criticality: float | None = None
    risk_reduction: float | None = None
    job_size: float | None = None
    status: Literal[STATUSES] = "proposed"  # type: ignore[valid-type]
    start: IsoDate | None = None
    finish: IsoDate | None = None
    spent_to_date: Annotated[Number, Field(ge=0)] = 0.0
    actual_cost: Annotated[Number, Field(ge=0)] | None = None
    actual_finish: IsoDate | None = None
    category: Name | None = None
    owner: Name | None = None  # who answers for the initiative (the delivery review's asks)

    _links = field_validator("depends_on", "exclusive_with", mode="before")(_ids)
    _wsjf = field_validator(*WSJF, mode="before")(_on_scale)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.fullmatch(value):
            raise ValueError("an id without spaces, commas or semicolons (e.g. I07)")
        return value

    @field_validator("mandatory", mode="before")
    @classmethod
    def _blank_false(cls, value: Any) -> Any:
        return False if value is None else value

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return "proposed" if value is None else value.strip().lower().replace("-", "_").replace(" ", "_")

    @field_validator("spent_to_date", mode="before")
    @classmethod
    def _blank_zero(cls, value: Any) -> Any:
        return 0.0 if value is None else value

    @field_validator("finish", "actual_finish")
    @classmethod
    def _after_start(cls, value: Any, info: ValidationInfo) -> Any:
        start = info.data.get("start")
        if value is not None and start is not None and value < start:
            raise ValueError(f"a date on or after start ({start})")
        return value

    @field_validator("actual_cost", "actual_finish")
    @classmethod
    def _only_when_ended(cls, value: Any, info: ValidationInfo) -> Any:
        status = info.data.get("status")
        if value is not None and status not in ("done", "stopped", None):
            raise ValueError(f"blank: actual cost and finish are for done or stopped initiatives (status is {status})")
        return value


def _columns(client: Client) -> tuple[dict[str, str], dict[str, str]]:
    """CSV header -> frame column, for the criteria and the teams' demand, in client.yaml order."""
    p = client.prioritisation
    return ({c.name.casefold(): c.name for c in p.criteria},
            {fte_header(t): fte_column(t) for t in p.capacity})


def empty_frame(client: Client) -> pd.DataFrame:
    crit, fte = _columns(client)
    cols = ["name", "objective", "cost", *crit.values(), *fte.values(), *LINKS, "mandatory", *LIFECYCLE]
    return pd.DataFrame(columns=cols, index=pd.Index([], name="id"))


def _number(raw: str, row: int, column: str, expected: str, european: bool,
            blank: float | None = None) -> tuple[float | None, Issue | None]:
    """A finite number from a cell (intake.values' rules). With `blank` set (FTE demand) an empty
    cell means that value and the number may not be negative; without it (a rating) an empty
    cell is an error."""
    if raw == "":
        return blank, (None if blank is not None else Issue(FILE, column, None, expected, row=row))
    try:
        value = parse_number(raw, european)
    except ValueError as exc:
        return None, Issue(FILE, column, raw, f"{expected}: {exc}", row=row)
    if blank is not None and value < 0:
        return None, Issue(FILE, column, raw, expected, row=row)
    return value, None


def cycles(links: dict[str, list[str]]) -> list[list[str]]:
    """Each dependency cycle once, as a closed path ['I03', 'I07', 'I03'] (iterative DFS)."""
    found: list[list[str]] = []
    seen_sets: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in links:
        if root in state:
            continue
        path, stack = [root], [iter(links.get(root, []))]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                loop = path[path.index(nxt):]
                if frozenset(loop) not in seen_sets:
                    seen_sets.add(frozenset(loop))
                    found.append(loop + [nxt])
            elif nxt not in state and nxt in links:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(links.get(nxt, [])))
    return found


def _shown(ids: list[str]) -> str:
    return ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")


def settings_issues(folder: Path, client: Client, ids: list[str], headers: list[str]) -> list[Issue]:
    """Problems in client.yaml's `prioritisation` that only the portfolio reveals."""
    p = client.prioritisation
    trees: list[Any] = []  # client.yaml re-read for line numbers only when there is an issue

    def issue(loc: tuple[str, ...], found: Any, expected: str) -> Issue:
        if not trees:
            trees.append(load_rt(Path(folder) / CLIENT_FILE))
        return Issue(CLIENT_FILE, ".".join(loc), found, expected, line=line_of(trees[0], loc))

    out = []
    for item in p.forced_out:
        if item not in ids:
            out.append(issue(("prioritisation", "forced_out"), item, f"an initiative id of {FILE}: {_shown(ids)}"))
    if not ids:  # a new client's empty portfolio: the settings are needed once initiatives arrive
        return out + _judgement_issues(client, issue)
    if p.budget is None:
        out.append(issue(("prioritisation", "budget"), None,
                         f"the budget available to the portfolio, in {client.currency}"))
    if not p.criteria and p.method != "wsjf":
        out.append(issue(("prioritisation", "criteria"), None, f"at least one criterion naming a column of {FILE}"))
    if p.method == "weighted" and p.criteria and sum(c.weight for c in p.criteria) <= 0:
        out.append(issue(("prioritisation", "criteria"), Text("weights summing to 0"), "weights summing to more than 0"))
    for team in p.capacity:
        if fte_header(team) not in headers:
            out.append(issue(("prioritisation", "capacity", team), Text(f"no column '{fte_header(team)}' in {FILE}"),
                             f"a column '{fte_header(team)}' giving each initiative's FTE demand on {team}"))
    return out + _judgement_issues(client, issue)


def _judgement_issues(client: Client, issue: Callable[..., Issue]) -> list[Issue]:
    """AHP judgements outside 1/9..9, repeated or missing a pair, as playbook.prioritisation.ahp finds them."""
    p = client.prioritisation
    if not (p.method == "ahp" or p.pairwise):
        return []
    try:
        ahp.ahp_weights([c.name for c in p.criteria], ahp.client_judgements(client))
    except ahp.JudgementError as exc:
        out = []
        for problem in exc.problems:
            found, _, expected = problem.partition("; expected ")
            out.append(issue(("prioritisation", "pairwise"), Text(found), expected or (
                "a judgement from 1/9 to 9 for every pair of criteria, e.g. 'strategic_fit over delivery_risk: 3'")))
        return out
    return []


def load(folder: Path, client: Client) -> tuple[pd.DataFrame, list[Issue]]:
    """The portfolio and every issue found. A missing file is an empty portfolio (a new
    client), not an error; the notebook says so."""
    path = Path(folder) / FILE
    if not exists(path):
        return empty_frame(client), []
    crit, fte = _columns(client)
    method = client.prioritisation.method
    table, issues = read_csv(path, REQUIRED + list(crit), OPTIONAL, prefixes=(FTE,))
    for i, found in enumerate(issues):
        if found.field in crit and found.row is None:
            issues[i] = Issue(FILE, found.field, found.found,
                              f"a column '{found.field}' rating each initiative (it is a criterion in "
                              f"{CLIENT_FILE} prioritisation.criteria)")
    if issues:
        return empty_frame(client), issues
    if method == "wsjf":
        issues += [Issue(FILE, c, Text("no such column"), f"a column named '{c}' ({CLIENT_FILE} sets method: wsjf)")
                   for c in WSJF if c not in table.columns]
    issues += [Issue(FILE, c, Text("FTE demand for a team with no capacity"),
                     f"a team listed under prioritisation.capacity in {CLIENT_FILE} "
                     f"({', '.join(client.prioritisation.capacity) or 'none listed'}), or no such column")
               for c in table.columns if c.startswith(FTE) and c not in fte]
    parsed, row_issues = parse_rows(table, InitiativeRow)
    issues += row_issues
    raw = dict(zip(table.row_numbers, table.rows))
    records, rows_of = [], {}
    for number, r in parsed:
        if r.id in rows_of:
            issues.append(Issue(FILE, "id", r.id, f"each id once (first at row {rows_of[r.id]})", row=number))
            continue
        rows_of[r.id] = number
        record: dict[str, Any] = r.model_dump()
        for header, column in crit.items():
            record[column], problem = _number(raw[number][header], number, header,
                                              f"a number: the initiative's rating on {column}", table.european)
            issues += [problem] if problem else []
        for header, column in fte.items():  # a missing column is reported against client.yaml
            record[column], problem = _number(raw[number].get(header, ""), number, header,
                                              "a number of FTE ≥ 0 (blank for none)", table.european, 0.0)
            issues += [problem] if problem else []
        if method == "wsjf":
            issues += [Issue(FILE, c, None, f"{_SCALE} ({CLIENT_FILE} sets method: wsjf)",
                             row=number) for c in WSJF if c in table.columns and record[c] is None]
        records.append(record)
    issues += _cross_row(records, rows_of, client)
    from playbook.prioritisation import roadmap_settings  # the roadmap's settings (kept in its own module)
    issues += roadmap_settings.issues(folder, client, list(rows_of), [r["id"] for r in records if r["status"] == "proposed"])
    issues += settings_issues(folder, client, list(rows_of), table.columns)
    wsjf = [c for c in WSJF if c in table.columns]
    return _frame(records, client, [*crit.values(), *fte.values()], wsjf), table.locate(issues)


def _cross_row(records: list[dict[str, Any]], rows_of: dict[str, int], client: Client) -> list[Issue]:
    """Ids that must exist elsewhere (objectives, prerequisites, exclusions) and dependency cycles."""
    issues = []
    objectives, ids = sorted(client.objective_ids), list(rows_of)
    for rec in records:
        row = rows_of[rec["id"]]
        if rec["objective"] is not None and rec["objective"] not in client.objective_ids:
            issues.append(Issue(FILE, "objective", rec["objective"], "an objective id from client.yaml ("
                                + (", ".join(objectives) or "none defined") + "), or blank for none", row=row))
        for col in LINKS:
            for other in rec[col]:
                if other not in rows_of:
                    issues.append(Issue(FILE, col, other, f"an initiative id of {FILE}: {_shown(ids)}", row=row))
                elif col == "exclusive_with" and other == rec["id"]:
                    issues.append(Issue(FILE, col, other, "another initiative's id (not its own)", row=row))
    links = {rec["id"]: [d for d in rec["depends_on"] if d in rows_of] for rec in records}
    for loop in cycles(links):
        start = min(range(len(loop) - 1), key=lambda k: rows_of[loop[k]])
        loop = loop[start:-1] + loop[:start] + [loop[start]]
        issues.append(Issue(FILE, "depends_on", Text("the cycle " + " → ".join(loop)),
                            "dependencies that never lead back to the same initiative", row=rows_of[loop[0]]))
    return issues


def _frame(records: list[dict[str, Any]], client: Client, numeric: list[str], wsjf: list[str]) -> pd.DataFrame:
    if not records:
        return empty_frame(client)
    frame = pd.DataFrame.from_records(records).set_index("id")
    index = frame.index.tolist()
    partners: dict[str, set[str]] = {i: set(v) for i, v in zip(index, frame["exclusive_with"].tolist())}
    for i, others in list(partners.items()):
        for o in others:
            partners.setdefault(o, set()).add(i)
    ids = set(frame.index)  # once: per row it made loading quadratic (40 s for 5,000 initiatives)
    frame["exclusive_with"] = [sorted((partners[i] & ids) - {i}) for i in index]
    frame["objective"] = frame["objective"].astype(object).where(frame["objective"].notna(), None)
    frame = frame[["name", "objective", "cost", *numeric, *LINKS, "mandatory", *wsjf, *LIFECYCLE]].copy()
    for c in ["cost", *numeric, *wsjf, "spent_to_date", "actual_cost"]:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype(float)
    frame["mandatory"] = frame["mandatory"].astype(bool)
    for c in ("start", "finish", "actual_finish", "category", "owner"):
        frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


def load_valid(folder: Path, client: Client) -> pd.DataFrame:
    """For notebooks: the portfolio, or a DataError listing every problem."""
    frame, issues = load(folder, client)
    if issues:
        raise DataError(located(Path(folder), issues))
    return frame
