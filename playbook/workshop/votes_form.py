"""Dot voting on a phone: each participant spreads up to N dots over the proposals (N from
client.yaml `prioritisation.dots`, default 10); the projector shows the totals building up."""
from __future__ import annotations

from typing import Any

from playbook.prioritisation import votes
from playbook.workshop.forms import Fields, Form, Outcome, number, roles_in
from playbook.workshop.maturity_form import DEFAULT_ROLES


class VotesForm(Form):
    kind = "votes"
    title = "Dot voting"
    files = (votes.FILE,)
    append = staticmethod(votes.append)
    anonymous_capable = True

    def __init__(self, session: Any):
        super().__init__(session)
        self.dots = votes.dots_allowed(session.client)

    def _existing(self) -> tuple[Any, list[Any]]:
        s = self.session
        return self.memo("load", s.folder / votes.FILE, lambda: votes.load(s.folder, s.client))

    def roles(self) -> list[str]:
        return roles_in(self._existing()[0], DEFAULT_ROLES)

    def context(self) -> dict[str, Any]:
        return {"proposals": votes.proposals(self.session.folder), "dots": self.dots, "roles": self.roles()}

    def check(self, fields: Fields) -> Outcome:
        s, problems = self.session, []
        voter, role = self.who(fields, problems, self.roles(), "voter")
        proposals = votes.proposals(s.folder)
        if not proposals:
            problems.append("There are no proposals to vote on: portfolio.csv lists none.")
        spread: dict[str, int] = {}
        for pid, name in proposals.items():
            value = number(fields, f"d_{pid}", name, problems, low=0, high=self.dots, required=False, whole=True)
            if value:
                spread[pid] = int(value)
        total = sum(spread.values())
        if proposals and total == 0 and not any("d_" in p for p in problems):
            problems.append(f"Place at least one of your {self.dots} dots.")
        elif total > self.dots:
            problems.append(f"You placed {total} dots; you have {self.dots}. Take {total - self.dots} off.")
        existing, issues = self._existing()
        if issues:
            problems.append("The votes file has a problem the consultant must fix first: " + str(issues[0]))
        elif voter and not s.anonymous and not existing.empty and (
                (existing["voter"].str.casefold() == voter.casefold()) & (existing["date"] == s.wave)).any():
            problems.append(f"{voter} has already voted in this session.")
        if problems:
            return Outcome(problems=problems)
        rows = [{"voter": voter, "role": role, "initiative": pid, "dots": n, "date": s.wave}
                for pid, n in spread.items()]
        return Outcome(rows=rows, saved=f"Your {total} dots were saved. Thank you.")

    def _live(self) -> dict[str, Any]:
        """Voters so far and the dots per proposal in this session."""
        mine, out = self.tally(*self._existing(), day="date", who="voter")
        names = votes.proposals(self.session.folder)
        table = votes.totals(mine, self.session.wave) if out["answered"] and not out["hidden"] else None
        top = int(table["dots"].max()) if table is not None and len(table) else 1
        out["bars"] = [] if table is None else [
            {"label": f"{pid} {names.get(pid, '')}".strip(), "value": int(row["dots"]), "max": top,
             "note": f"{int(row['voters'])} voter{'s' if row['voters'] != 1 else ''}"}
            for pid, row in table.iterrows()]
        return out
