"""The maturity questionnaire on a phone: a 1–5 (or "don't know") per question, a comment per
question if wanted, and the role. Named sessions ask for a name; anonymous ones store a random
code instead and offer only the listed roles, so nothing typed can identify a person.

The rules are the JupyterLab form's: one answer set per respondent and wave, at least one
score, and a partial set is saved only after the participant confirms it."""
from __future__ import annotations

from typing import Any

from playbook.maturity import model as maturity_model
from playbook.maturity import responses, scoring
from playbook.workshop.forms import Fields, Form, Outcome, roles_in, text

DONT_KNOW = "?"
SCORES = ("1", "2", "3", "4", "5", DONT_KNOW)
DEFAULT_ROLES = ("Executive", "Senior manager", "Delivery team")


class MaturityForm(Form):
    kind = "maturity"
    title = "Maturity assessment"
    files = (responses.FILE,)
    append = staticmethod(responses.append)
    anonymous_capable = True

    def __init__(self, session: Any):
        super().__init__(session)
        self.model = maturity_model.get(session.client.maturity.model)
        self.questions = [q.id for d in self.model.dimensions for q in d.questions]

    def _existing(self) -> tuple[Any, list[Any]]:
        s = self.session
        return self.memo("load", s.folder / responses.FILE, lambda: responses.load(s.folder, self.model, s.wave))

    def roles(self) -> list[str]:
        """The roles already in the file, else the usual three: a fixed list in anonymous mode."""
        return roles_in(self._existing()[0], DEFAULT_ROLES)

    def context(self) -> dict[str, Any]:
        return {"model": self.model, "levels": self.model.levels, "scores": SCORES, "roles": self.roles(),
                "total": len(self.questions), "dont_know": DONT_KNOW}

    def check(self, fields: Fields) -> Outcome:
        s, problems = self.session, []
        name, role = self.who(fields, problems, self.roles(), "respondent")
        scores: dict[str, int | None] = {}
        notes: dict[str, str] = {}
        for q in self.questions:
            value = str(fields.get(f"q_{q}", "")).strip()
            if value and value not in SCORES:
                problems.append(f"Question {q}: '{value[:10]}' is not a score from 1 to 5 or 'don't know'.")
            elif value:
                scores[q] = None if value == DONT_KNOW else int(value)
            note = text(fields, f"c_{q}", f"Comment on {q}", problems)
            if note:
                notes[q] = note
        existing, issues = self._existing()
        if issues:
            problems.append("The responses file has a problem the consultant must fix first: " + str(issues[0]))
        else:
            found = responses.entry_problems(existing, s.wave, "" if s.anonymous else name, scores)
            problems += [p[0].upper() + p[1:] for p in found]
        if problems:
            return Outcome(problems=problems)
        answered = len(set(scores) | set(notes))
        if answered < len(self.questions) and fields.get("partial_ok") != "yes":
            return Outcome(confirm=responses.partial_text(answered, len(self.questions)))
        rows = responses.entry_rows(name, role, scores, notes, s.wave)
        who = "Your answers were" if s.anonymous else f"{name}'s answers were"
        return Outcome(rows=rows, saved=f"{who} saved ({len(rows)} of {len(self.questions)} questions). Thank you.")

    def _live(self) -> dict[str, Any]:
        """Respondents so far and, per dimension, the score and agreement of this wave only."""
        current, out = self.tally(*self._existing(), day="wave", who="respondent")
        dims = []
        if out["answered"] and not out["hidden"]:
            scores = scoring.dimension_scores(current, self.model)
            agree = scoring.agreement(current, self.model)
            for d in self.model.dimensions:
                score, rwg = scores.get(d.id), agree.at[d.id, "rwg"]
                dims.append({"name": d.name, "score": None if score != score else round(float(score), 2),
                             "rwg": None if rwg is None or rwg != rwg else round(float(rwg), 2),
                             "contested": bool(agree.at[d.id, "low_agreement"])})
        out["bars"] = [{"label": d["name"], "value": d["score"], "max": 5,
                        "note": ("agreement " + (f"{d['rwg']:.2f}" if d["rwg"] is not None else "n/a")
                                 + (" (contested)" if d["contested"] else ""))} for d in dims]
        return out
