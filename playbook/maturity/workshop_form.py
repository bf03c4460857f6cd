"""Live workshop capture with ipywidgets: what is said in the room goes straight into the
client's files, validated first and appended atomically, so nothing typed is lost and nothing
invalid lands. The widgets' logic is plain Python, tested by setting values and clicking."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import ipywidgets as w

from playbook.maturity import responses
from playbook.errors import DataError
from playbook.maturity.model import MaturityModel

DONT_KNOW = "?"


class MaturityForm:
    """One respondent at a time: name, role, and a 1–5 (or "don't know") per question."""

    def __init__(self, folder: Path, model: MaturityModel, wave: dt.date,
                 targets: dict[str, int] | None = None, on_saved: Callable[[int], None] | None = None):
        self.folder, self.model, self.wave, self.on_saved = Path(folder), model, wave, on_saved
        self.targets = targets or {}
        existing, _ = responses.load(self.folder, model, wave)
        roles = sorted(existing["role"].dropna().unique()) if not existing.empty else []
        self.respondent = w.Text(description="Name", placeholder="Respondent's name")
        self.role = w.Combobox(description="Role", options=roles or ["Executive", "Senior manager", "Delivery team"],
                               placeholder="e.g. Executive, Delivery team", ensure_option=False)
        self.scores: dict[str, w.ToggleButtons] = {}
        sections = []
        for dim in model.dimensions:
            rows = []
            for q in dim.questions:
                toggle = w.ToggleButtons(options=["1", "2", "3", "4", "5", DONT_KNOW], value=None,
                                         style={"button_width": "36px"}, tooltips=[
                                             model.levels[1], model.levels[2], model.levels[3],
                                             model.levels[4], model.levels[5], "Don't know"])
                self.scores[q.id] = toggle
                rows.append(w.VBox([w.HTML(f"<b>{q.id}</b> {_esc(q.text)}"), toggle]))
            sections.append(w.VBox(rows))
        self.accordion = w.Accordion(children=sections, titles=tuple(d.name for d in model.dimensions))
        self.save_button = w.Button(description="Save respondent", button_style="primary", icon="check")
        self.message = w.HTML()
        self.preview = w.Output()
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox([w.HBox([self.respondent, self.role]), self.accordion, self.save_button,
                              self.message, self.preview])

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _refuse(self, text: str) -> bool:
        self.message.value = f'<span style="color:#b42318">Not saved: {_esc(text)}</span>'
        return False

    def save(self) -> bool:
        """Validate and append; refuse (with a message) rather than write anything doubtful."""
        name, role = self.respondent.value.strip(), self.role.value.strip()
        if not name:
            return self._refuse("enter the respondent's name.")
        if not role:
            return self._refuse("enter the respondent's role.")
        answered = {q: t.value for q, t in self.scores.items() if t.value is not None}
        if not any(v != DONT_KNOW for v in answered.values()):
            return self._refuse("score at least one question.")
        existing, issues = responses.load(self.folder, self.model, self.wave)
        if issues:
            return self._refuse("the responses file has problems; fix it first: " + str(issues[0]))
        if not existing.empty and ((existing["respondent"].str.casefold() == name.casefold())
                                   & (existing["wave"] == self.wave)).any():
            return self._refuse(f"{name} has already answered the {self.wave} assessment.")
        rows = [{"respondent": name, "role": role, "question": q,
                 "score": "" if v == DONT_KNOW else int(v), "comment": "", "wave": self.wave}
                for q, v in answered.items()]
        try:
            responses.append(self.folder, rows)
            responses.load_valid(self.folder, self.model, self.wave)
        except DataError as exc:
            return self._refuse(str(exc))
        self.message.value = (f'<span style="color:#276749">Saved {len(rows)} answers from {_esc(name)} '
                              f'({_esc(role)}). The preview below is refreshed; re-run the notebook to '
                              f'refresh every chart.</span>')
        self.refresh()
        self.respondent.value = ""
        for toggle in self.scores.values():
            toggle.value = None
        if self.on_saved:
            self.on_saved(len(rows))
        return True


    def refresh(self) -> None:
        """Redraw the live preview: respondent count, overall level and scores against target."""
        from playbook.report import theme as charts
        from playbook.maturity import scoring as maturity
        from playbook.maturity import charts as maturity_charts
        from playbook.maturity import model as maturity_model
        from playbook.report import notebook

        frame = responses.load_valid(self.folder, self.model, self.wave)
        a = maturity.assess(frame, self.model, self.targets, maturity_model.recommendations(self.model.id))
        if a.empty:
            self.preview.outputs = ()
            return
        summary = f"Live: **{a.respondents} respondents**, overall level {a.overall:.1f} of 5."
        bundles = [{"text/html": f"<p>{notebook.text(summary)}</p>", "text/plain": summary},
                   charts.bundle(maturity_charts.scores_vs_target(a), "Live scores against target",
                                 maturity.describe_scores(a))]
        # Set outputs directly rather than capturing: works in a kernel and in plain Python tests.
        self.preview.outputs = tuple({"output_type": "display_data", "data": b, "metadata": {}} for b in bundles)


def _esc(text: str) -> str:
    import html

    return html.escape(str(text))
