"""A delivery status report from the project manager's phone: initiative, date, percent
complete, actual cost, forecast finish, RAG and commentary, appended to status_reports.csv in
the data contract's format (one row per initiative per reporting date)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from playbook.delivery.workshop_form import check_report
from playbook.intake.atomic import append_csv_rows
from playbook.intake.client import as_of
from playbook.intake.csv_files import read_csv
from playbook.workshop.forms import Fields, Form, Outcome, choice, date, issue_text, number, text

FILE = "status_reports.csv"
COLUMNS = ["initiative", "date", "percent_complete", "actual_cost", "forecast_finish", "rag", "commentary"]
RAG = {"green": "Green: on track", "amber": "Amber: at risk, in hand", "red": "Red: needs a decision"}
UNDER_WAY = ("approved", "in_flight", "on_hold")


class StatusForm(Form):
    kind = "status"
    title = "Delivery status report"
    files = (FILE,)

    def initiatives(self) -> dict[str, str]:
        """Work under way (approved, in flight, on hold); every initiative when no status is recorded."""
        path = self.session.folder / "portfolio.csv"
        if not path.is_file():
            return {}
        table, issues = read_csv(path, ["id", "name"], ["status"])
        if issues:
            return {}
        under_way = {r["id"]: r["name"] for r in table.rows if r.get("status", "").lower() in UNDER_WAY}
        return under_way or {r["id"]: r["name"] for r in table.rows if r["id"]}

    def as_of(self) -> dt.date:
        """Reports may not be dated after the date the delivery deliverable speaks as of."""
        return as_of(self.session.client)

    def context(self) -> dict[str, Any]:
        return {"initiatives": self.initiatives(), "rag": RAG, "today": min(self.session.wave, self.as_of())}

    def check(self, fields: Fields) -> Outcome:
        problems: list[str] = []
        names = self.initiatives()
        initiative = choice(fields, "initiative", "Initiative", names, problems)
        on = date(fields, "date", "Report date", problems)
        pct = number(fields, "percent_complete", "Percent complete", problems, low=0, high=100)
        cost = number(fields, "actual_cost", "Actual cost to date", problems, low=0)
        finish = date(fields, "forecast_finish", "Forecast finish", problems, required=False)
        rag = choice(fields, "rag", "RAG", RAG, problems, required=False)
        commentary = text(fields, "commentary", "Commentary", problems)
        if problems:
            return Outcome(problems=problems)
        row = {"initiative": initiative, "date": on.isoformat(), "percent_complete": f"{pct:g}",
               "actual_cost": f"{cost:g}", "forecast_finish": finish.isoformat() if finish else "", "rag": rag,
               "commentary": commentary}
        # the delivery stage's own rules for a new report: the file's, the portfolio's, the dates'
        found = check_report(self.session.folder, self.session.client, self.as_of(), row)
        if found:
            return Outcome(problems=[issue_text(i) for i in found])
        return Outcome(rows=[row], saved=f"Status of {initiative} {names[initiative]} on {on:%d %b %Y} saved. Thank you.")

    def write(self, rows: list[dict[str, Any]]) -> None:
        append_csv_rows(self.session.folder / FILE, COLUMNS, rows)

    def live(self) -> dict[str, Any]:
        """The reports given in this session, RAG in words (never colour alone)."""
        names = self.initiatives()
        return {"answered": len(self.session.saved), "problem": None, "hidden": None, "bars": [],
                "rows": [[f"{r['initiative']} {names.get(r['initiative'], '')}".strip(), f"{r['percent_complete']}%",
                          (r["rag"] or "not given").capitalize(), r["commentary"]] for r in self.session.saved],
                "columns": ["Initiative", "Complete", "RAG", "Commentary"]}
