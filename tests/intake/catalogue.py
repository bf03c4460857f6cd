"""The bad-input catalogue's vocabulary: a Case, and the demo rows the cases start from."""
from __future__ import annotations

from dataclasses import dataclass

from playbook.intake.paths import DEFAULT_DATA_DIR


@dataclass(frozen=True)
class Link:
    """Make the file a symbolic link to `target` (relative to the client folder, or absolute)."""

    target: str


@dataclass(frozen=True)
class Fifo:
    """Make the file a named pipe: reading it would block for ever."""


R_HEAD = "respondent,role,question,score,comment,wave\n"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    content: str | bytes | Link | Fifo | None  # None: the file is deleted
    field: str | None = None      # None: accepted
    found: str | None = None      # a fragment of the message's "found" part
    expected: str | None = None   # a fragment of the message's "expected" part
    row: int | None = None
    line: int | None = None
    client: str = "acme-logistics"
    also: tuple[tuple[str, str | None], ...] = ()  # other files replaced to keep the case self-consistent


def line_with(fragment: str, client: str = "acme-logistics") -> int:
    """The line of the demo client.yaml holding `fragment` (cases follow the demo file as it changes)."""
    text = (DEFAULT_DATA_DIR / client / "client.yaml").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def yaml_with(old: str, new: str, client: str = "acme-logistics") -> str:
    text = (DEFAULT_DATA_DIR / client / "client.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


B_HEAD = "id,name,initiative,objective,owner,measure,unit,direction,baseline,target,start,due,tolerance_pct,kind,value_per_unit\n"
B_ROW = "B01,Route optimisation,I01,O2,Tom Hughes,Fuel cost per parcel,GBP,decrease,0.62,0.54,2025-09-01,2027-06-30,10,benefit,1000\n"
A_HEAD = "benefit,date,value,note\n"
ONE_ACTUAL = (("benefit_actuals.csv", A_HEAD + "B01,2026-01-01,0.6,\n"),)
HEADER_ACTUALS = (("benefit_actuals.csv", A_HEAD),)
NO_ACTUALS = (("benefit_actuals.csv", None),)


def benefits(*rows: str) -> str:
    return B_HEAD + "".join(rows)


P_HEAD = ("id,name,objective,cost,strategic_fit,financial_value,delivery_risk,fte_engineering,fte_operations,"
          "depends_on,exclusive_with,mandatory\n")
P1 = "I01,Route optimisation,O2,420000,5,5,3,4,1,,,false\n"
P2 = "I02,Depot sortation,O2,1150000,4,5,4,3,3,,,false\n"
NO_BENEFITS = (("benefits.csv", None), ("benefit_actuals.csv", None),  # the demo benefits, delivery files
               ("status_reports.csv", None), ("milestones.csv", None), ("risks.csv", None),  # and acme's dot votes
               ("votes.csv", None))  # name the demo portfolio's initiatives
