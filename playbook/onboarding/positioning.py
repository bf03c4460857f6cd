"""Strategic or traditional: the reporting line and the mandate's words each cast one vote, and a
traditional line or mandate raises the flag. The stances and reasons come from the role template."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from playbook.intake.client import Client
from playbook.onboarding.templates import template
from playbook.report.formatting import join_words


@dataclass(frozen=True)
class Positioning:
    """Strategic or traditional; `reasons` lists what raised the flag first."""

    type: Literal["strategic", "traditional", "unclear"]
    flag: bool
    reasons: list[str]


def _terms_in(text: str, terms: list[str]) -> list[str]:
    """The words of `text` that start with a template stem, as written ("strateg" -> "strategy")."""
    found = (re.search(r"\b" + re.escape(t) + r"[\w-]*", text, flags=re.IGNORECASE) for t in terms)
    return list(dict.fromkeys(m.group(0) for m in found if m))


def positioning(client: Client) -> Positioning:
    """Reporting line and mandate each cast one vote; a traditional line or mandate raises the flag."""
    wording = template(client.role).positioning
    votes: Counter[str] = Counter()
    concerns: list[str] = []
    notes: list[str] = []
    line = client.engagement.reporting_line
    stance = wording.lines.get(line) if line else None
    if line is None:
        notes.append(wording.no_line)
    elif stance:
        votes[stance.stance] += 1
        (concerns if stance.stance == "traditional" else notes).append(stance.reason)
    mandate = client.engagement.mandate
    if not mandate:
        notes.append(wording.no_mandate)
    else:
        strategic = _terms_in(mandate, wording.strategic_terms)
        traditional = _terms_in(mandate, wording.traditional_terms)
        if strategic:
            notes.append(wording.strategic_mandate.format(terms=join_words(strategic)))
        if traditional:
            (concerns if len(traditional) > len(strategic) else notes).append(
                wording.traditional_mandate.format(terms=join_words(traditional)))
        if len(strategic) != len(traditional):
            votes["strategic" if len(strategic) > len(traditional) else "traditional"] += 1
    kind = ("strategic" if votes["strategic"] > votes["traditional"]
            else "traditional" if votes["traditional"] > votes["strategic"] else "unclear")
    return Positioning(kind, bool(concerns), concerns + notes)
