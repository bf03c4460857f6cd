"""Checks of client.yaml's roadmap settings that only the portfolio can settle: the teams
`capacity_by_month` and the scenarios name, and the initiatives and criteria the scenarios name.
Each problem is an Issue naming client.yaml's line and field, like every other setting's."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from playbook.errors import Issue, Text
from playbook.intake.client import FILE as CLIENT_FILE, Client
from playbook.intake.issues import path_text
from playbook.intake.yaml_files import line_of, load_rt

PORTFOLIO = "portfolio.csv"


def issues(folder: Path, client: Client, ids: Sequence[str], proposals: Sequence[str] | None = None) -> list[Issue]:
    """Every problem in `capacity_by_month` and `scenarios`; `proposals` are the ids a scenario may
    force in or out (all of `ids` when the portfolio has no status column)."""
    s = client.prioritisation
    proposals = list(ids if proposals is None else proposals)
    trees: list[Any] = []  # client.yaml re-read for line numbers only when there is an issue

    def issue(loc: tuple[Any, ...], found: Any, expected: str) -> Issue:
        if not trees:
            trees.append(load_rt(Path(folder) / CLIENT_FILE))
        return Issue(CLIENT_FILE, path_text(loc), found, expected, line=line_of(trees[0], loc))

    teams = ", ".join(s.capacity) or "none listed"
    where = ("prioritisation", "capacity_by_month")
    out = [issue((*where, team), team, f"a team listed under prioritisation.capacity ({teams})")
           for team in s.capacity_by_month if team not in s.capacity]
    seen: set[str] = set()
    for n, spec in enumerate(s.scenarios):
        at = ("prioritisation", "scenarios", n)
        if spec.name.casefold() in seen:
            out.append(issue((*at, "name"), spec.name, "a name no other scenario has"))
        seen.add(spec.name.casefold())
        for field in ("forced_in", "forced_out"):
            for item in getattr(spec, field):
                if item not in proposals:
                    kind = "a proposal's id" if item in ids else "an initiative id"
                    out.append(issue((*at, field), item, f"{kind} of {PORTFOLIO}: {_shown(proposals)}"))
        for item in sorted(set(spec.forced_in) & set(spec.forced_out)):
            out.append(issue((*at, "forced_out"), item, "an initiative not also in this scenario's forced_in"))
        out += [issue((*at, "capacity", team), team, f"a team listed under prioritisation.capacity ({teams})")
                for team in spec.capacity if team not in s.capacity]
        out += _weight_issues(client, spec.weights, at, issue)
    return out


def _weight_issues(client: Client, weights: dict[str, float], at: tuple[Any, ...], issue) -> list[Issue]:
    s = client.prioritisation
    if not weights:
        return []
    if s.method == "wsjf":
        return [issue((*at, "weights"), Text("weights"), "no weights: WSJF (the method in use) has none; "
                      "a scenario can change budget, capacity, forced_in and forced_out")]
    names = [c.name for c in s.criteria]
    out = [issue((*at, "weights", name), name, f"a criterion of prioritisation.criteria ({', '.join(names)})")
           for name in weights if name not in names]
    if not out and sum(weights.get(c.name, c.weight) for c in s.criteria) <= 0:
        out.append(issue((*at, "weights"), Text("weights summing to 0"), "weights summing to more than 0"))
    return out


def _shown(ids: Sequence[str]) -> str:
    return ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
