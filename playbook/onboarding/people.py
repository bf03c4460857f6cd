"""Who and when: the person behind an owner the charter names by title ("CIO"), and the next
meeting at which a decision can be taken, from the cadence and the engagement's start."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from playbook.intake.client import Client, Stakeholder, occurrences_after, steering_date
from playbook.onboarding.governance import QUADRANT_SPLIT



def initials(title: str) -> str:
    """"Chief Information Officer" -> "CIO" (words of one letter or "of"/"and" are skipped)."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", title) if w.lower() not in ("of", "and", "the")).upper()


def stakeholder(client: Client, who: str | None) -> Stakeholder | None:
    """The stakeholder an owner names: by name, by title, or by the title's initials ("CFO")."""
    if not who:
        return None
    key = who.strip().casefold()
    for s in client.stakeholders:
        if key in (s.name.casefold(), (s.title or "").casefold()) or (s.title and key == initials(s.title).casefold()):
            return s
    return None


def named(client: Client, who: str | None) -> str:
    """An owner as the reader knows them: "Ravi Menon (CIO)" when the charter can tell, else as given."""
    s = stakeholder(client, who)
    if s is None:
        return who or "not named"
    if who.strip().casefold() == s.name.casefold():
        return f"{s.name} ({s.title})" if s.title else s.name
    return f"{s.name} ({who.strip()})"


def sponsor(client: Client) -> str:
    """Who the sponsor is, for the "who decides" column."""
    sp = client.sponsor
    if sp.name:
        return f"{sp.name} ({sp.title})" if sp.title else sp.name
    return "The sponsor (not named yet)"


def resists(s: Stakeholder | None) -> bool:
    """A stakeholder with influence over the engagement who resists it."""
    return s is not None and s.disposition == "resistant" and (s.influence or 0) >= QUADRANT_SPLIT


@dataclass(frozen=True)
class Meeting:
    name: str
    on: dt.date


def next_meeting(client: Client, as_of: dt.date, words: tuple[str, ...]) -> Meeting | None:
    """The next meeting after `as_of` the consultant attends whose name holds one of `words`, the
    first word that matches any meeting winning; None without a start date or such a meeting."""
    start = client.engagement.start
    attended = [m for m in client.cadence if m.consultant_attends]
    if start is None:
        return None
    for word in words:
        found = [m for m in attended if re.search(rf"\b{re.escape(word.casefold())}\b", m.meeting.casefold())]
        if found:
            dates = [(occurrences_after(start, m.every_weeks, as_of), m.meeting) for m in found]
            on, name = min(dates)
            return Meeting(name, on)
    return None


def sponsor_words(client: Client) -> tuple[str, ...]:
    sp = client.sponsor
    return tuple(w for w in ("sponsor", sp.name, sp.title, initials(sp.title) if sp.title else None,
                             ) if w)


def by_sponsor(client: Client, as_of: dt.date) -> Meeting:
    """When the sponsor can act: the next sponsor meeting, else the steering date."""
    return next_meeting(client, as_of, sponsor_words(client)) or by_steering(client, as_of)


def by_steering(client: Client, as_of: dt.date) -> Meeting:
    """When the executives decide: the client's one decision date (`intake.client.steering_date`),
    which the delivery and benefits reviews ask by too."""
    name, day = steering_date(client, as_of)
    return Meeting(name or "", day)


def accountable_for(client: Client, *stems: str) -> str | None:
    """The person accountable (A) for the first workstream whose name holds one of `stems`."""
    for stream, row in client.raci.items():
        if any(s in stream.casefold() for s in stems):
            named_a = [n for n, letter in (row or {}).items() if letter == "A"]
            if len(named_a) == 1:
                return named_a[0]
    return None
