"""Who decides and who matters: the RACI lint (exactly one accountable and at least one
responsible per workstream, no decisions queueing behind one person), the RACI matrix, and the
stakeholder map by influence and interest."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from playbook.intake.client import Client

MAX_CONSULTED = 3  # more C's than this on one workstream turns every decision into a consultation
QUADRANT_SPLIT = 3  # influence or interest of 3 and up (on 1-5) counts as high
QUADRANTS = ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")


# --- RACI lint -------------------------------------------------------------------------------

def streams(client: Client) -> list[str]:
    """Workstreams in the order listed, then any that appear only in the RACI."""
    names = [w.name for w in client.workstreams]
    return names + [s for s in client.raci if s not in names]


def _names(row: dict[str, str], letter: str) -> list[str]:
    return [name for name, given in row.items() if given == letter]


def _stream_gaps(stream: str, row: dict[str, str]) -> list[tuple[str, str]]:
    """(short label, sentence) for each structural gap of one workstream."""
    if not row:
        return [("no RACI row", f"Workstream '{stream}' has no RACI row; it needs one accountable (A) "
                                "and at least one responsible (R)")]
    out = []
    accountable = _names(row, "A")
    if not accountable:
        out.append(("no accountable", f"Workstream '{stream}' has no accountable person (A); it needs exactly one"))
    elif len(accountable) > 1:
        out.append((f"{len(accountable)} accountable", f"Workstream '{stream}' has {len(accountable)} accountable "
                                                f"people (A): {', '.join(accountable)}; it needs exactly one"))
    if not _names(row, "R"):
        out.append(("no responsible", f"Workstream '{stream}' has no responsible person (R); it needs at least one"))
    return out


def raci_gaps(client: Client) -> list[str]:
    """Structural gaps: without exactly one A and at least one R, work stalls or is disowned."""
    names = streams(client)
    if not names:
        return ["No workstreams or RACI agreed yet: nobody is accountable (A) for any part of the engagement"]
    return [sentence for stream in names for _, sentence in _stream_gaps(stream, client.raci.get(stream) or {})]


def raci_matrix(client: Client) -> pd.DataFrame:
    """One row per workstream × person holding a letter; people in charter order (the consultant,
    the sponsor, stakeholders as listed, groups), so the matrix reads the same way every time."""
    order = [client.engagement.consultant, client.sponsor.name, *(s.name for s in client.stakeholders),
             *client.groups]
    rank = {name: i for i, name in enumerate(dict.fromkeys(n for n in order if n))}
    rows = [{"workstream": stream, "person": person, "letter": letter}
            for stream in streams(client) for person, letter in (client.raci.get(stream) or {}).items()]
    table = pd.DataFrame(rows, columns=["workstream", "person", "letter"])
    return table.sort_values("person", key=lambda s: s.map(lambda n: rank.get(n, len(rank))), kind="stable")


def raci_check(client: Client) -> pd.DataFrame:
    """Per workstream: how many of each letter, and its gaps in a few words ("" when sound)."""
    rows = []
    for stream in streams(client):
        row = client.raci.get(stream) or {}
        rows.append({"workstream": stream, **{k: len(_names(row, k)) for k in "RACI"},
                     "gap": ", ".join(label for label, _ in _stream_gaps(stream, row))})
    return pd.DataFrame(rows, columns=["workstream", "R", "A", "C", "I", "gap"])


def raci_warnings(client: Client) -> list[str]:
    """Concentration risks: decisions queueing behind one person, or consultation outweighing work.

    C is overused on a workstream with more than MAX_CONSULTED C's, or with more C's than R, A and
    I together; and by a person who is C on every one of two or more workstreams.
    """
    rows = {stream: client.raci.get(stream) or {} for stream in streams(client)}
    n, out = len(rows), []
    if n >= 2:
        for person, count in Counter(p for row in rows.values() for p in _names(row, "A")).items():
            if count > n / 2:
                owned = [s for s, row in rows.items() if row.get(person) == "A"]
                out.append(f"{person} is accountable (A) for {count} of {n} workstreams "
                           f"({', '.join(owned)}); more than half the decisions queue behind one person")
    for stream, row in rows.items():
        consulted = _names(row, "C")
        if len(consulted) > MAX_CONSULTED:
            out.append(f"Workstream '{stream}' consults {len(consulted)} people (C): {', '.join(consulted)}; "
                       f"more than {MAX_CONSULTED} slows every decision, so inform (I) some instead")
        elif len(consulted) > len(row) - len(consulted):
            out.append(f"Workstream '{stream}' consults {len(consulted)} people (C): {', '.join(consulted)}, "
                       "more than are responsible, accountable or informed; inform (I) some instead")
    if n >= 2:
        for person in sorted(set.intersection(*(set(_names(row, "C")) for row in rows.values()))):
            out.append(f"{person} is consulted (C) on every workstream; keep them consulted where "
                       "their view changes the decision and informed (I) elsewhere")
    return out


def raci_issues(client: Client) -> list[str]:
    """Every RACI problem, gaps first, each naming the workstream or person."""
    return raci_gaps(client) + raci_warnings(client)


# --- stakeholders ----------------------------------------------------------------------------

def _quadrant(influence: int | None, interest: int | None) -> str | None:
    if influence is None or interest is None:
        return None
    low_influence, low_interest = influence < QUADRANT_SPLIT, interest < QUADRANT_SPLIT
    return QUADRANTS[2 * low_influence + low_interest]  # QUADRANTS runs high/high to low/low


def stakeholder_map(client: Client) -> pd.DataFrame:
    """Influence × interest quadrants (None where either score is missing)."""
    rows = [{"name": s.name, "title": s.title, "influence": s.influence, "interest": s.interest,
             "disposition": s.disposition, "quadrant": _quadrant(s.influence, s.interest)}
            for s in client.stakeholders]
    return pd.DataFrame(rows, columns=["name", "title", "influence", "interest", "disposition", "quadrant"])


def unmapped_stakeholders(client: Client) -> list[str]:
    """Stakeholders left off the map because influence or interest is not scored."""
    table = stakeholder_map(client)
    return table.loc[table["quadrant"].isna(), "name"].tolist()
