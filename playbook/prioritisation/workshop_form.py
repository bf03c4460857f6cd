"""Live weighting in the room: sliders for the criteria weights (or, under AHP, the pairwise
judgements) re-rank and re-select the portfolio as they move, and Save writes them into the
client's client.yaml atomically, keeping its comments. The logic is plain Python driven through
the widgets' values, so it is tested without a browser."""
from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from playbook.prioritisation import ahp
from playbook.report import theme as charts
from playbook.report import notebook
from playbook.prioritisation import results
from playbook.prioritisation import charts as prioritise_charts
from playbook.errors import DataError, PlaybookError
from playbook.intake.atomic import atomic_write
from playbook.intake.client import FILE, Client, load_client
from playbook.intake.yaml_files import load_rt, update_file

# Saaty's scale as the room says it, from "b is extremely more important" to "a is".
SAATY = [(f"1/{k}", 1 / k) for k in range(9, 1, -1)] + [(str(k), float(k)) for k in range(1, 10)]


ASK = "#8a5a00"


def _nearest(value: float) -> float:
    return min((v for _, v in SAATY), key=lambda v: abs(math.log(v) - math.log(value)))


class WeightsWorkshop:
    """One slider per criterion weight (weighted, WSJF) or per judgement (AHP), a live cut list,
    and a Save button."""

    def __init__(self, folder: Path, client: Client, portfolio: pd.DataFrame):
        self.folder, self.client, self.portfolio = Path(folder), client, portfolio
        s = client.prioritisation
        self.uses_ahp = s.method == "ahp"
        self.boxes: dict[str, w.Text] = {}
        self._still = False  # True while the form itself moves sliders
        if self.uses_ahp:
            self.sliders = {key: w.SelectionSlider(options=SAATY, value=_nearest(value), description=key,
                                                   style={"description_width": "260px"},
                                                   layout=w.Layout(width="560px"))
                            for key, value in s.pairwise.items()}
        else:
            # Sliders show each weight's share; a weight the user never moves keeps its exact saved
            # value (a slider's step would otherwise round it, and Save would rewrite it).
            self.total = sum(c.weight for c in s.criteria) or 1.0
            self.sliders = {c.name: w.FloatSlider(value=round(c.weight / self.total, 2), min=0, max=1, step=0.01,
                                                  description=c.name, readout=False,
                                                  style={"description_width": "160px"},
                                                  layout=w.Layout(width="440px"))
                            for c in s.criteria}
            self.boxes = {name: w.Text(value=f"{slider.value:.2f}", continuous_update=False,
                                       layout=w.Layout(width="70px")) for name, slider in self.sliders.items()}
            for name, box in self.boxes.items():
                box.observe(lambda change, name=name: self._typed(name, change["new"]), names="value")
        self.start = {name: slider.value for name, slider in self.sliders.items()}
        self.baseline = set(self._plan(client).selection.funded)
        self.summary, self.message = w.HTML(), w.HTML()
        self.preview = w.Output()
        self.save_button = w.Button(description="Save weights to client.yaml", button_style="primary", icon="check",
                                    layout=w.Layout(width="260px"))
        self.save_button.on_click(lambda _: self.save())
        for name, slider in self.sliders.items():
            slider.observe(lambda _, name=name: self._moved(name), names="value")
        note = ("Moving a judgement re-derives the AHP weights." if self.uses_ahp else
                "Weights are relative: they are rescaled to sum to 1." + (
                    " WSJF decides the funding here; the sliders re-weight the weighted scoring it is compared with,"
                    " and the cut list below shows that alternative." if s.method == "wsjf" else ""))
        rows = [w.HBox([slider, self.boxes[name]]) if name in self.boxes else slider
                for name, slider in self.sliders.items()]
        self.widget = w.VBox([w.HTML(f"<p>{html.escape(note)}</p>"), *rows, self.save_button,
                              self.message, self.summary, self.preview])
        self.refresh()

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    def moved(self) -> list[str]:
        """The sliders the user has moved from where they started."""
        return [name for name, slider in self.sliders.items() if abs(float(slider.value) - self.start[name]) > 1e-9]

    def judgements(self) -> dict[str, float]:
        saved, moved = self.client.prioritisation.pairwise, self.moved()
        return {key: float(slider.value) if key in moved else float(saved[key]) for key, slider in self.sliders.items()}

    def weights(self) -> dict[str, float]:
        """The criteria weights the sliders stand for, summing to 1."""
        if self.uses_ahp:
            return self._ahp().weights
        saved, moved = {c.name: c.weight for c in self.client.prioritisation.criteria}, self.moved()
        raw = {name: float(slider.value) if name in moved else saved[name] / self.total
               for name, slider in self.sliders.items()}
        total = sum(raw.values())
        return {k: v / total for k, v in raw.items()} if total > 0 else raw

    def _ahp(self) -> ahp.AhpResult:
        return ahp.ahp_weights([c.name for c in self.client.prioritisation.criteria],
                               ahp.client_judgements(self._client()))

    def _client(self) -> Client:
        """client.yaml's settings with the sliders' values in place of the saved ones."""
        s = self.client.prioritisation
        if self.uses_ahp:
            return self.client.model_copy(update={"prioritisation": s.model_copy(update={"pairwise": self.judgements()})})
        weights = self.weights()
        criteria = [c.model_copy(update={"weight": weights[c.name]}) for c in s.criteria]
        method = "weighted" if s.method == "wsjf" else s.method
        return self.client.model_copy(update={"prioritisation": s.model_copy(update={"criteria": criteria,
                                                                                      "method": method})})

    def _plan(self, client: Client) -> results.Plan:
        if client.prioritisation.method == "wsjf":
            client = client.model_copy(update={"prioritisation": client.prioritisation.model_copy(
                update={"method": "weighted"})})
        return results.plan(self.portfolio, client, draws=0)

    def refresh(self) -> None:
        """Re-solve with the sliders' values and redraw the summary and the live cut list."""
        if not self.uses_ahp and sum(float(s.value) for s in self.sliders.values()) <= 0:
            self.summary.value = "<p><strong>Give at least one criterion a weight above 0.</strong></p>"
            self.preview.outputs = ()
            return
        live = self._plan(self._client())
        funded = set(live.selection.funded)
        added, dropped = sorted(funded - self.baseline), sorted(self.baseline - funded)
        lines = [f"Live: **{len(funded)} funded** for {live.money(live.selection.total_cost)} of "
                 f"{live.money(live.budget)}." if not live.infeasible else
                 f"Live: no selection is possible: {live.selection.infeasible_reason}."]
        lines.append("Against the saved weights: " + ("no change." if not (added or dropped) else
                                                      "; ".join(p for p in (
                                                          "now funded " + ", ".join(added) if added else "",
                                                          "no longer funded " + ", ".join(dropped) if dropped else "")
                                                          if p) + "."))
        if self.uses_ahp:
            result = self._ahp()
            lines.append(result.warning() or f"Judgements consistent (CR {result.cr:.2f}).")
        self.summary.value = "".join(f"<p>{notebook.text(line)}</p>" for line in lines)
        bundle = charts.bundle(prioritise_charts.ranked(live), "Live cut list", prioritise_charts.describe_ranked(live))
        # Set outputs directly rather than capturing: works in a kernel and in plain Python tests.
        self.preview.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)

    def _say(self, colour: str, text: str) -> bool:
        self.message.value = f'<span style="color:{colour}">{html.escape(text)}</span>'
        return False

    def _refuse(self, text: str) -> bool:
        return self._say("#b42318", "Not saved: " + text)

    def _moved(self, name: str) -> None:
        """A slider moved: its box follows, a refusal the move may answer goes, the plan re-solves."""
        if name in self.boxes:
            self.boxes[name].value = f"{self.sliders[name].value:.2f}"
        if "Not saved" in self.message.value or "Nothing to save" in self.message.value:
            self.message.value = ""
        if not self._still:
            self.refresh()

    def _typed(self, name: str, text: str) -> None:
        """A weight typed in its box: a number is put on the slider; one outside 0–1 is clamped and
        the user is told; anything else is refused in words, and the slider keeps its value."""
        slider = self.sliders[name]
        try:
            value = float(text.strip().replace(",", "."))
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            self.boxes[name].value = f"{slider.value:.2f}"
            self._say(ASK, f"{name}: '{text}' is not a number; the weight stays {slider.value:.2f}.")
            return
        clamped = min(1.0, max(0.0, value))
        if abs(clamped - slider.value) > 1e-12:
            slider.value = clamped
        self.boxes[name].value = f"{clamped:.2f}"
        if clamped != value:
            self._say(ASK, f"{name}: {value:g} is outside 0–1, so it was set to {clamped:g} "
                           "(weights are shares: 0 ignores a criterion, 1 is all that counts).")

    def _rescale(self) -> None:
        """After a save, show the saved weights as shares again, without counting that as a move
        (the caller re-solves once)."""
        self._still = True
        try:
            for c in self.client.prioritisation.criteria:
                self.start[c.name] = round(c.weight / self.total, 2)
                self.sliders[c.name].value = self.start[c.name]
        finally:
            self._still = False

    def save(self) -> bool:
        """Write the weights (or judgements) into client.yaml; everything else, comments
        included, stays as it was. Refuses rather than writes anything that would not load."""
        path = self.folder / FILE
        try:
            tree = load_rt(path)
        except DataError as exc:
            return self._refuse(str(exc))
        settings = tree.get("prioritisation") or {}
        changes: dict[tuple[str, ...], Any] = {}
        if self.uses_ahp:
            if set(settings.get("pairwise") or {}) != set(self.sliders):
                return self._refuse("the judgements in client.yaml changed since this notebook ran; re-run it.")
            saved = self.client.prioritisation.pairwise
            for key, value in self.judgements().items():
                if abs(value - saved[key]) > 1e-9:  # a minimal diff: untouched judgements keep their spelling
                    changes[("prioritisation", "pairwise", key)] = int(value) if value.is_integer() else round(value, 4)
            if not changes:
                return self._say(ASK, "Nothing to save: no judgement was moved.")
        else:
            weights = self.weights()
            if sum(weights.values()) <= 0:
                return self._refuse("give at least one criterion a weight above 0.")
            criteria = settings.get("criteria") or []
            if [c.get("name") for c in criteria] != list(self.sliders):
                return self._refuse("the criteria in client.yaml changed since this notebook ran; re-run it.")
            moved = self.moved()
            if not moved:
                return self._say(ASK, "Nothing to save: no weight was moved.")
            for i, item in enumerate(criteria):  # only what moved; the others keep their saved value
                if item["name"] in moved:
                    changes[("prioritisation", "criteria", i, "weight")] = round(
                        float(self.sliders[item["name"]].value) * self.total, 3)
        before = path.read_bytes()
        try:
            update_file(path, changes)
            self.client = load_client(self.folder)
        except DataError as exc:  # never leave a client.yaml that does not load
            atomic_write(path, before)
            return self._refuse(str(exc))
        except (PlaybookError, OSError) as exc:
            return self._refuse(f"client.yaml could not be written: {exc}")
        self.baseline = set(self._plan(self.client).selection.funded)
        self.start = {name: slider.value for name, slider in self.sliders.items()}
        if not self.uses_ahp:
            self.total = sum(c.weight for c in self.client.prioritisation.criteria) or 1.0
            self._rescale()
        self.message.value = ('<span style="color:#276749">Saved to client.yaml. Re-run the notebook to refresh '
                              'every chart and the robustness test.</span>')
        self.refresh()
        return True
