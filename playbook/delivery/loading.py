"""Reading a client's delivery data: the committed rows of portfolio.csv and the optional
status_reports.csv, milestones.csv and risks.csv, checked with the playbook's error standard.

Errors (file, row, field, found, expected): unknown initiative ids; status reports for
proposals; percent_complete outside 0–100 or going backwards without a commentary; negative
actual cost; unparseable dates, or report, milestone, risk and actual dates after the as-of date;
three-point estimates incomplete or out of order (min ≤ likely ≤ max); duplicate risk ids, reports
or milestone rows; probability or impact outside 1–5. Missing files are not errors: the
deliverable says what to collect. A committed initiative without start or finish is not an
error either: it has no baseline to earn against, and the deliverable lists it.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from playbook.delivery import rows as R
from playbook.delivery.records import COMMITTED, Baseline, Milestone, Report, Risk
from playbook.delivery.reference_class import Done
from playbook.errors import DataError, Issue, Text
from playbook.intake.csv_files import exists, located, parse_rows, read_csv

REPORTS, MILESTONES, RISKS = "status_reports.csv", "milestones.csv", "risks.csv"
FILES = (REPORTS, MILESTONES, RISKS)
FTE = "fte_"


@dataclass
class DeliveryData:
    baselines: list[Baseline] = field(default_factory=list)
    unbaselined: list[str] = field(default_factory=list)  # committed, without start or finish
    done: list[Done] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    files: tuple[str, ...] = ()  # the delivery files present


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def from_portfolio(frame: pd.DataFrame, client_id: str = "") -> tuple[list[Baseline], list[str], list[Done]]:
    """Baselines of committed work, the committed ids lacking dates, and done work as Done records."""
    baselines, unbaselined, done = [], [], []
    teams = [c for c in frame.columns if c.startswith(FTE)]
    for iid, row in frame.iterrows():
        status = row.get("status") or "proposed"
        if status in COMMITTED:
            if row.get("start") is None or row.get("finish") is None:
                unbaselined.append(str(iid))
                continue
            fte = {c[len(FTE):]: float(row[c]) for c in teams if row[c] and not pd.isna(row[c])}
            baselines.append(Baseline(str(iid), str(row["name"]), float(row["cost"]), row["start"], row["finish"],
                                      status, _text(row.get("category")), _text(row.get("owner")), fte))
        elif status == "done" and _text(row.get("category")):
            actual = row.get("actual_cost")
            done.append(Done(client_id, str(row["category"]), float(row["cost"]),
                             None if actual is None or pd.isna(actual) else float(actual),
                             row.get("start"), row.get("finish"), row.get("actual_finish")))
    return baselines, unbaselined, done


def _after(file: str, fld: str, day: dt.date | None, as_of: dt.date, row: int, what: str) -> list[Issue]:
    if day is not None and day > as_of:
        return [Issue(file, fld, day.isoformat(), f"a date on or before the as-of date {as_of.isoformat()}: "
                      f"{what} cannot be in the future", row=row)]
    return []


def _known(file: str, iid: str | None, statuses: Mapping[str, str] | None, row: int) -> list[Issue]:
    if iid is None or statuses is None or iid in statuses:
        return []
    shown = ", ".join(list(statuses)[:8]) + (", ..." if len(statuses) > 8 else "")
    return [Issue(file, "initiative", iid, f"an initiative id of portfolio.csv: {shown or 'it lists none'}", row=row)]


def read_rows(folder: Path, file: str, required: list[str], optional: list[str], model: Any
          ) -> tuple[list[tuple[int, Any]], list[Issue], bool]:
    path = Path(folder) / file
    if not exists(path):  # the CSV, or its sheet of client.xlsx
        return [], [], False
    table, issues = read_csv(path, required, optional)
    if issues:
        return [], issues, True
    parsed, issues = parse_rows(table, model)
    return parsed, issues, True


def load_reports(folder: Path, statuses: Mapping[str, str] | None, as_of: dt.date
                 ) -> tuple[list[Report], list[Issue], bool]:
    parsed, issues, present = read_rows(folder, REPORTS, R.REPORT_REQUIRED, R.REPORT_OPTIONAL, R.ReportRow)
    reports, more = check_reports(parsed, statuses, as_of)
    return reports, issues + more, present


def check_reports(parsed: list[tuple[int, R.ReportRow]], statuses: Mapping[str, str] | None, as_of: dt.date
                  ) -> tuple[list[Report], list[Issue]]:
    """The rules across rows and files: known, non-proposal initiatives, no future dates, one
    report per initiative and date, progress that falls only with a commentary."""
    out, seen, issues = [], {}, []
    for number, r in parsed:
        problems = _known(REPORTS, r.initiative, statuses, number)
        if not problems and statuses is not None and statuses[r.initiative] == "proposed":
            problems.append(Issue(REPORTS, "initiative", r.initiative, "an approved, in-flight or finished initiative: "
                                  f"{r.initiative} is a proposal in portfolio.csv (set its status)", row=number))
        problems += _after(REPORTS, "date", r.date, as_of, number, "a status report")
        key = (r.initiative, r.date)
        if key in seen:
            problems.append(Issue(REPORTS, "date", r.date.isoformat(), f"one report per initiative and date "
                                  f"({r.initiative} already reported on this date at row {seen[key]})", row=number))
        seen.setdefault(key, number)
        issues += problems
        if not problems:
            out.append((number, Report(r.initiative, r.date, r.percent_complete, r.actual_cost, r.forecast_finish,
                                       r.rag, r.commentary)))
    issues += _backwards(out)
    return [r for _, r in out], issues


def _backwards(numbered: list[tuple[int, Report]]) -> list[Issue]:
    """percent_complete may only fall with a commentary saying why (a re-plan, a correction)."""
    issues = []
    last: dict[str, Report] = {}
    for number, r in sorted(numbered, key=lambda x: (x[1].initiative, x[1].date)):
        prev = last.get(r.initiative)
        if prev is not None and r.percent_complete < prev.percent_complete and not r.commentary:
            issues.append(Issue(REPORTS, "percent_complete", f"{r.percent_complete:g}",
                                f"at least {prev.percent_complete:g} (the report of {prev.date.isoformat()}), or a "
                                "commentary saying why progress went backwards", row=number))
        last[r.initiative] = r
    return issues


def load_milestones(folder: Path, statuses: Mapping[str, str] | None, as_of: dt.date
                    ) -> tuple[list[Milestone], list[Issue], bool]:
    parsed, issues, present = read_rows(folder, MILESTONES, R.MILESTONE_REQUIRED, R.MILESTONE_OPTIONAL, R.MilestoneRow)
    out, seen = [], {}
    for number, m in parsed:
        problems = _known(MILESTONES, m.initiative, statuses, number)
        problems += _after(MILESTONES, "reported", m.reported, as_of, number, "a report")
        problems += _after(MILESTONES, "actual", m.actual, as_of, number, "an achieved milestone")
        key = (m.initiative, m.milestone, m.reported)
        if key in seen:
            problems.append(Issue(MILESTONES, "reported", m.reported.isoformat(), "one row per milestone and report "
                                  f"date (first at row {seen[key]})", row=number))
        seen.setdefault(key, number)
        issues += problems
        if not problems:
            out.append(Milestone(m.initiative, m.milestone, m.baseline, m.reported, m.forecast, m.actual))
    return out, issues, present


def load_risks(folder: Path, statuses: Mapping[str, str] | None, as_of: dt.date) -> tuple[list[Risk], list[Issue], bool]:
    parsed, issues, present = read_rows(folder, RISKS, R.RISK_REQUIRED, R.RISK_OPTIONAL, R.RiskRow)
    out, seen = [], {}
    for number, r in parsed:
        problems = _known(RISKS, r.initiative, statuses, number)
        problems += _after(RISKS, "raised", r.raised, as_of, number, "a risk raised")
        problems += _after(RISKS, "closed", r.closed, as_of, number, "a risk closed")
        if r.id in seen:
            problems.append(Issue(RISKS, "id", r.id, f"each risk id once (first at row {seen[r.id]})", row=number))
        seen.setdefault(r.id, number)
        for names in R.THREE_POINTS.values():
            problems += _three_point(r, names, number)
        issues += problems
        if not problems:
            out.append(Risk(r.id, r.initiative, r.title, r.owner, r.probability, r.impact, r.status, r.raised, r.due,
                            r.response, r.three("cost"), r.three("days"), r.closed, r.previous_probability,
                            r.previous_impact))
    return out, issues, present


def _three_point(r: R.RiskRow, names: tuple[str, str, str], row: int) -> list[Issue]:
    values = [getattr(r, n) for n in names]
    if all(v is None for v in values):
        return []
    if any(v is None for v in values):
        missing = next(n for n, v in zip(names, values) if v is None)
        return [Issue(RISKS, missing, None, f"a number: give all three of {', '.join(names)}, or none", row=row)]
    lo, likely, hi = values
    if not lo <= likely <= hi:
        field_name = names[1] if not lo <= likely else names[2]
        return [Issue(RISKS, field_name, Text(f"{lo:.12g} ≤ {likely:.12g} ≤ {hi:.12g}, which does not hold"),
                      f"min ≤ likely ≤ max ({', '.join(names)})", row=row)]
    return []


def load(folder: Path, portfolio: pd.DataFrame | None, as_of: dt.date, client_id: str = ""
         ) -> tuple[DeliveryData, list[Issue]]:
    """Everything the delivery review needs, with every issue in the delivery files. `portfolio`
    is the loaded portfolio frame (None when portfolio.csv is unreadable: ids are then not checked)."""
    statuses = None if portfolio is None else {str(i): (s or "proposed") for i, s in portfolio["status"].items()}
    data = DeliveryData()
    if portfolio is not None:
        data.baselines, data.unbaselined, data.done = from_portfolio(portfolio, client_id)
    data.reports, a, p1 = load_reports(folder, statuses, as_of)
    data.milestones, b, p2 = load_milestones(folder, statuses, as_of)
    data.risks, c, p3 = load_risks(folder, statuses, as_of)
    data.files = tuple(f for f, present in zip(FILES, (p1, p2, p3)) if present)
    return data, a + b + c


def load_valid(folder: Path, portfolio: pd.DataFrame, as_of: dt.date, client_id: str = "") -> DeliveryData:
    data, issues = load(folder, portfolio, as_of, client_id)
    if issues:
        raise DataError(located(Path(folder), issues))
    return data


def done_rows(frames: Iterable[tuple[str, pd.DataFrame]]) -> list[Done]:
    """Done work of several clients (the firm's reference classes)."""
    return [d for client_id, frame in frames for d in from_portfolio(frame, client_id)[2]]
