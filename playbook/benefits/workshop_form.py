"""Live capture of benefit measurements in a review meeting: the owner reads out the latest
figure, it is checked and appended to benefit_actuals.csv at once, and nothing already there
is touched. The widgets' logic is plain Python, tested by setting values and calling save()."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from pathlib import Path
from typing import Callable

import ipywidgets as w

from playbook.benefits import register as benefit_register
from playbook.benefits import realisation
from playbook.benefits.text import benefit_label, measure_text, pct_text, run_rate, span_text, status_text, text_or
from playbook.intake.client import Client
from playbook.errors import DataError, PlaybookError


class ActualForm:
    """One measurement at a time: benefit, date, value and an optional note."""

    def __init__(self, folder: Path, client: Client, as_of: dt.date,
                 on_saved: Callable[[str], None] | None = None):
        self.folder, self.client, self.as_of, self.on_saved = Path(folder), client, as_of, on_saved
        register, _ = benefit_register.load(self.folder, client)
        options = [(benefit_label(bid, b), str(bid)) for bid, b in register.benefits.iterrows()]
        self.benefit = w.Dropdown(description="Benefit", options=options, value=None,
                                  layout=w.Layout(width="460px"))
        self.date = w.Text(description="Date", value=dt.date.today().isoformat(), placeholder="YYYY-MM-DD")
        self.value = w.Text(description="Value", placeholder="the measure, e.g. 0.55")
        self.note = w.Text(description="Note", placeholder="optional: source or context",
                           layout=w.Layout(width="460px"))
        self.hint = w.HTML()
        self.save_button = w.Button(description="Save measurement", button_style="primary", icon="check")
        self.message = w.HTML()
        self.preview = w.Output()
        self.benefit.observe(lambda _: self._show_hint(), names="value")
        for widget in (self.benefit, self.date, self.value, self.note):  # a refusal the new values answer goes
            widget.observe(lambda _: self._clear_refusal(), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox([self.benefit, self.hint, w.HBox([self.date, self.value]), self.note,
                              self.save_button, self.message, self.preview])

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _register(self) -> benefit_register.Register:
        return benefit_register.load_valid(self.folder, self.client)

    def _show_hint(self) -> None:
        """What to measure and the last figure, so the owner reads out the right number."""
        if self.benefit.value is None:
            self.hint.value = ""
            return
        register, _ = benefit_register.load(self.folder, self.client)
        b = register.benefits.loc[self.benefit.value]
        rows = register.actuals[register.actuals["benefit"] == self.benefit.value].sort_values("date", kind="stable")
        last = "" if rows.empty else (f"; last recorded {measure_text(rows['value'].iloc[-1], b['unit'])} "
                                      f"on {rows['date'].iloc[-1]:%d %b %Y}")
        self.hint.value = (f"<small>{html.escape(text_or(b['measure'], 'Measure'))}: "
                           f"{html.escape(span_text(b['baseline'], b['target'], b['unit']))} "
                           f"by {b['due']:%d %b %Y}{html.escape(last)}</small>")

    def _clear_refusal(self) -> None:
        if "Not saved" in self.message.value:
            self.message.value = ""

    def _refuse(self, text: str) -> bool:
        self.message.value = f'<span style="color:#b42318">Not saved: {html.escape(text)}</span>'
        return False

    def save(self) -> bool:
        """Validate and append; refuse (with a message) rather than write anything doubtful."""
        try:
            register = self._register()
        except DataError as exc:
            return self._refuse("the benefit files have problems; fix them first: " + str(exc.issues[0]))
        bid, on, value = self.benefit.value or "", self.date.value.strip(), self.value.value.strip()
        issues = benefit_register.check_actual(register, bid, on, value)
        if issues:
            return self._refuse("; ".join(f"{i.field}: found {'nothing' if i.found is None else i.found}, expected {i.expected}"
                                          for i in issues))
        row = {"benefit": bid, "date": on, "value": value, "note": self.note.value.strip()}
        try:
            benefit_register.append_actuals(self.folder, [row])
            warnings = benefit_register.actual_warnings(register, bid, on)
            register = self._register()
        except DataError as exc:
            return self._refuse(str(exc))
        except (PlaybookError, OSError) as exc:
            return self._refuse(f"the file could not be written: {exc}")
        r = realisation.review(register.benefits, register.actuals, self.client, self.as_of, register.statuses)
        status = status_text(r.table.loc[bid])
        self.message.value = (f'<span style="color:#276749">Saved {html.escape(bid)}: {html.escape(value)} on '
                              f'{html.escape(on)}. Status now {html.escape(status)}; re-run the notebook to '
                              f'refresh every chart.</span>'
                              + "".join(f'<br><span style="color:#8a5a00">{html.escape(t)}</span>' for t in warnings))
        self.refresh(r, bid)
        self.value.value = ""
        self.note.value = ""
        self._show_hint()
        if self.on_saved:
            self.on_saved(bid)
        return True

    def refresh(self, r: realisation.Review, bid: str) -> None:
        """Redraw the live preview: the headline value figure and the chart of the benefit just measured."""
        from playbook.benefits import charts as benefits_charts
        from playbook.report import theme as charts
        from playbook.report import notebook

        f = r.financial
        summary = (f"Live: **{run_rate(f.realised_to_date, r.currency)} of "
                   f"{run_rate(f.planned_to_date, r.currency)}** of the run-rate planned by now is realised"
                   + (f" ({pct_text(f.realisation_pct)})." if f.realisation_pct is not None else "."))
        one = replace(r, benefits=r.benefits.loc[[bid]], table=r.table.loc[[bid]])
        label = benefit_label(bid, one.benefits.loc[bid])
        bundles = [{"text/html": f"<p>{notebook.text(summary)}</p>", "text/plain": summary},
                   charts.bundle(benefits_charts.benefit_chart(one, bid), f"Live: {label}",
                                 status_text(one.table.loc[bid]))]
        # Set outputs directly rather than capturing: works in a kernel and in plain Python tests.
        self.preview.outputs = tuple({"output_type": "display_data", "data": b, "metadata": {}} for b in bundles)
