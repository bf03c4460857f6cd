"""Benefit measurements from their owners' phones: benefit, date, value, note. Checked by the
benefits register's own rule for a new measurement, then appended to benefit_actuals.csv."""
from __future__ import annotations

import datetime as dt
from typing import Any

from playbook.benefits import text as benefits
from playbook.benefits import register as benefit_register
from playbook.workshop.forms import Fields, Form, Outcome, choice, issue_text, text


class ActualsForm(Form):
    kind = "actuals"
    title = "Benefit measurements"
    files = (benefit_register.ACTUALS_FILE,)
    append = staticmethod(benefit_register.append_actuals)

    def _register(self) -> tuple[benefit_register.Register, list[Any]]:
        return benefit_register.load(self.session.folder, self.session.client)

    def options(self) -> dict[str, dict[str, str]]:
        register, _ = self._register()
        return {str(bid): {"label": benefits.benefit_label(bid, b),
                           "hint": f"{benefits.text_or(b['measure'], 'Measure')}: "
                                   f"{benefits.span_text(b['baseline'], b['target'], b['unit'])} by {b['due']:%d %b %Y}"}
                for bid, b in register.benefits.iterrows()}

    def context(self) -> dict[str, Any]:
        return {"benefits": self.options(), "today": dt.date.today()}

    def check(self, fields: Fields) -> Outcome:
        problems: list[str] = []
        register, issues = self._register()
        if issues:
            return Outcome(problems=["The benefit files have a problem the consultant must fix first: "
                                     + str(issues[0])])
        options = self.options()
        bid = choice(fields, "benefit", "Benefit", options, problems)
        on, value = str(fields.get("date", "")).strip(), str(fields.get("value", "")).strip()
        note = text(fields, "note", "Note", problems)
        found = benefit_register.check_actual(register, bid, on, value)
        problems += [issue_text(i) for i in found if not (i.field == "benefit" and not bid)]
        if problems:
            return Outcome(problems=problems)
        row = {"benefit": bid, "date": on, "value": value, "note": note}
        warning = " ".join(benefit_register.actual_warnings(register, bid, on))
        return Outcome(rows=[row], saved=f"Saved {value} for {options[bid]['label']} on {on}. Thank you. {warning}".strip())

    def live(self) -> dict[str, Any]:
        """The measurements given in this session (owners report openly: nothing is anonymous)."""
        names = {bid: o["label"] for bid, o in self.options().items()}
        rows = self.session.saved
        return {"answered": len(rows), "problem": None, "hidden": None, "bars": [],
                "rows": [[names.get(r["benefit"], r["benefit"]), str(r["date"]), str(r["value"]), r["note"]]
                         for r in rows],
                "columns": ["Benefit", "Date", "Value", "Note"]}
