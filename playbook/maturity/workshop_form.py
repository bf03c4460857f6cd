"""Live workshop capture with ipywidgets: what is said in the room goes straight into the
client's files, validated first and appended atomically, so nothing typed is lost and nothing
invalid lands. The widgets' logic is plain Python, tested by setting values and clicking.

The wave is the session's date (today unless set), never client.yaml's as_of: answers given
today belong to today's assessment. The rules are the room's web form's (responses.entry_*)."""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any, Callable

import ipywidgets as w

from playbook.errors import DataError, PlaybookError
from playbook.maturity import responses
from playbook.maturity.model import MaturityModel

DONT_KNOW = "?"
GOOD, BAD, ASK = "#276749", "#b42318", "#8a5a00"


class MaturityForm:
    """One respondent at a time: name, role, a 1–5 (or "don't know") per question, a comment."""

    def __init__(self, folder: Path, model: MaturityModel, wave: dt.date | None = None,
                 targets: dict[str, int] | None = None, on_saved: Callable[[int], None] | None = None):
        self.folder, self.model, self.on_saved = Path(folder), model, on_saved
        self.targets = targets or {}
        self.wave = w.DatePicker(description="Wave", value=wave or dt.date.today())
        existing, _ = responses.load(self.folder, model, self.wave.value)
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
                rows.append(w.VBox([w.HTML(f"<b>{q.id}</b> {html.escape(q.text)}"), toggle]))
            sections.append(w.VBox(rows))
        self.accordion = w.Accordion(children=sections, titles=tuple(d.name for d in model.dimensions))
        self.progress = w.HTML()
        self.comment_on = w.Dropdown(description="About", options=list(self.scores), value=None)
        self.comment = w.Textarea(description="Comment", placeholder="Optional: in the respondent's words",
                                  layout=w.Layout(width="560px"))
        self.save_button = w.Button(description="Save respondent", button_style="primary", icon="check")
        self.message = w.HTML()
        self.preview = w.Output()
        self._confirmed: tuple | None = None
        self.save_button.on_click(lambda _: self.save())
        for widget in [self.respondent, self.role, self.comment, self.comment_on, self.wave, *self.scores.values()]:
            widget.observe(lambda _: self._changed(), names="value")
        self._changed()
        self.widget = w.VBox([w.HBox([self.respondent, self.role, self.wave]), self.progress, self.accordion,
                              w.HBox([self.comment_on, self.comment]), self.save_button, self.message, self.preview])

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    def _say(self, colour: str, text: str) -> bool:
        self.message.value = f'<span style="color:{colour}">{html.escape(text)}</span>'
        return colour == GOOD

    def _refuse(self, text: str) -> bool:
        return self._say(BAD, "Not saved: " + text)

    def _changed(self) -> None:
        """Keep answered/total current, and drop a refusal or question the new values answer."""
        answered = sum(t.value is not None for t in self.scores.values())
        self.progress.value = f"<b>{answered} of {len(self.scores)} answered</b>"
        if "Not saved" in self.message.value or "press Save again" in self.message.value:
            self.message.value = ""

    def _answers(self) -> tuple[dict[str, int | None], dict[str, str]]:
        scores = {q: None if t.value == DONT_KNOW else int(t.value) for q, t in self.scores.items()
                  if t.value is not None}
        note = self.comment.value.strip()
        return scores, ({self.comment_on.value: note} if note and self.comment_on.value else {})

    def save(self) -> bool:
        """Validate and append; refuse (with a message) rather than write anything doubtful.
        A partial set is saved only when Save is pressed again on the same answers."""
        name, role, wave = self.respondent.value.strip(), self.role.value.strip(), self.wave.value
        scores, comments = self._answers()
        if not name:
            return self._refuse("enter the respondent's name.")
        if not role:
            return self._refuse("enter the respondent's role.")
        if not isinstance(wave, dt.date):
            return self._refuse("choose the wave (the assessment's date).")
        if self.comment.value.strip() and not self.comment_on.value:
            return self._refuse("choose the question the comment is about.")
        existing, issues = responses.load(self.folder, self.model, wave)
        if issues:
            return self._refuse("the responses file has problems; fix it first: " + str(issues[0]))
        problems = responses.entry_problems(existing, wave, name, scores)
        if problems:
            return self._refuse(" ".join(problems))
        answered, key = len(set(scores) | set(comments)), (name, role, wave, tuple(scores.items()), tuple(comments.items()))
        if answered < len(self.scores) and self._confirmed != key:
            self._confirmed = key
            return self._say(ASK, responses.partial_text(answered, len(self.scores)))
        rows = responses.entry_rows(name, role, scores, comments, wave)
        try:
            responses.append(self.folder, rows)
            responses.load_valid(self.folder, self.model, wave)
        except DataError as exc:
            return self._refuse(str(exc))
        except (PlaybookError, OSError) as exc:
            return self._refuse(f"the file could not be written: {exc}")
        self._confirmed = None
        self.refresh()
        self.respondent.value = self.comment.value = ""
        self.comment_on.value = None
        for toggle in self.scores.values():
            toggle.value = None
        self._say(GOOD, f"Saved {len(rows)} answers from {name} ({role}) to the {wave:%d %b %Y} wave. The preview "
                        "below is refreshed; re-run the notebook to refresh every chart.")
        if self.on_saved:
            self.on_saved(len(rows))
        return True

    def refresh(self) -> None:
        """Redraw the live preview: respondent count, overall level and scores against target."""
        from playbook.maturity import charts as maturity_charts
        from playbook.maturity import model as maturity_model
        from playbook.maturity import scoring
        from playbook.report import notebook
        from playbook.report import theme as charts
        from playbook.report.formatting import number_text

        frame = responses.load_valid(self.folder, self.model, self.wave.value)
        a = scoring.assess(frame[frame["wave"] == self.wave.value], self.model, self.targets,
                           maturity_model.recommendations(self.model.id))
        if a.empty:
            self.preview.outputs = ()
            return
        summary = f"Live: **{a.respondents} respondents** in this wave, overall level {number_text(a.overall)} of 5."
        bundles: list[dict[str, Any]] = [
            {"text/html": f"<p>{notebook.text(summary)}</p>", "text/plain": summary},
            charts.bundle(maturity_charts.scores_vs_target(a), "Live scores against target",
                          maturity_charts.describe_scores(a))]
        # Set outputs directly rather than capturing: works in a kernel and in plain Python tests.
        self.preview.outputs = tuple({"output_type": "display_data", "data": b, "metadata": {}} for b in bundles)
