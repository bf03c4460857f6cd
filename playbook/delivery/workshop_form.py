"""Live capture of a status report in a delivery review: the project manager gives percent
complete, cost to date, forecast finish, RAG and a commentary; it is checked with the same rules
as status_reports.csv and appended atomically, touching nothing already there. The widgets'
logic is plain Python, tested by setting values and calling save()."""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any, Callable

import ipywidgets as w
from pydantic import ValidationError

from playbook.delivery import loading, rows as R
from playbook.errors import Issue
from playbook.intake.atomic import append_csv_rows
from playbook.intake.client import Client
from playbook.intake.csv_files import exists
from playbook.intake.issues import issues_from


def check_report(folder: Path, client: Client, as_of: dt.date, row: dict[str, Any]) -> list[Issue]:
    """Every problem with one new report, judged against the file as it is and the portfolio."""
    from playbook.prioritisation import load_portfolio

    portfolio, issues = load_portfolio(folder, client)
    if issues:
        return issues
    statuses = {str(i): s or "proposed" for i, s in portfolio["status"].items()}
    path = Path(folder) / loading.REPORTS
    parsed, issues, _ = loading.read_rows(folder, loading.REPORTS, R.REPORT_REQUIRED, R.REPORT_OPTIONAL, R.ReportRow)
    if issues:
        return issues
    number = (max((n for n, _ in parsed), default=0) + 1) if exists(path) else 1
    try:
        new = R.ReportRow.model_validate({k: (v if v not in ("", None) else None) for k, v in row.items()})
    except ValidationError as exc:
        return issues_from(exc, loading.REPORTS, row=number, raw=row)
    _, issues = loading.check_reports(parsed + [(number, new)], statuses, as_of)
    return issues


class StatusForm:
    """One status report at a time, for one committed initiative."""

    def __init__(self, folder: Path, client: Client, as_of: dt.date, on_saved: Callable[[str], None] | None = None):
        from playbook.prioritisation import load_portfolio

        self.folder, self.client, self.as_of, self.on_saved = Path(folder), client, as_of, on_saved
        portfolio, _ = load_portfolio(self.folder, client)
        committed = portfolio[portfolio["status"].isin(["approved", "in_flight"])] if len(portfolio) else portfolio
        options = [(f"{i} {row['name']}", str(i)) for i, row in committed.iterrows()]
        self.initiative = w.Dropdown(description="Initiative", options=options, value=None,
                                     layout=w.Layout(width="460px"))
        self.date = w.Text(description="Date", value=as_of.isoformat(), placeholder="YYYY-MM-DD")
        self.percent = w.Text(description="% complete", placeholder="0 to 100")
        self.cost = w.Text(description="Actual cost", placeholder="cost to date, e.g. 125000")
        self.finish = w.Text(description="Finish", placeholder="forecast finish YYYY-MM-DD")
        self.rag = w.Dropdown(description="RAG", options=["green", "amber", "red"], value=None)
        self.commentary = w.Text(description="Commentary", placeholder="what happened, what is next",
                                 layout=w.Layout(width="460px"))
        self.save_button = w.Button(description="Save status report", button_style="primary", icon="check")
        self.message = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox([self.initiative, w.HBox([self.date, self.percent]), w.HBox([self.cost, self.finish]),
                              self.rag, self.commentary, self.save_button, self.message])

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    def row(self) -> dict[str, Any]:
        return {"initiative": self.initiative.value or "", "date": self.date.value.strip(),
                "percent_complete": self.percent.value.strip(), "actual_cost": self.cost.value.strip(),
                "forecast_finish": self.finish.value.strip(), "rag": self.rag.value or "",
                "commentary": self.commentary.value.strip()}

    def save(self) -> bool:
        """Validate and append; refuse (with a message) rather than write anything doubtful."""
        row = self.row()
        issues = check_report(self.folder, self.client, self.as_of, row)
        if issues:
            text = "; ".join(f"{i.field}: found {'nothing' if i.found is None else i.found}, expected {i.expected}"
                             for i in issues)
            self.message.value = f'<span style="color:#b42318">Not saved: {html.escape(text)}</span>'
            return False
        append_csv_rows(self.folder / loading.REPORTS, R.REPORT_REQUIRED + R.REPORT_OPTIONAL, [row])
        self.message.value = (f'<span style="color:#276749">Saved the report of {html.escape(row["initiative"])} on '
                              f'{html.escape(row["date"])}; re-run the notebook to refresh every figure.</span>')
        for field in (self.percent, self.cost, self.finish, self.commentary):
            field.value = ""
        if self.on_saved:
            self.on_saved(row["initiative"])
        return True
