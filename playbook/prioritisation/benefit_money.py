"""What the funded set is worth in money: the benefits register (benefits.csv) priced by
`value_per_unit`, read here as the prioritisation deliverable needs it.

A benefit's money at target is the beneficial change it promises, |target − baseline|, times its
value per unit: an annual run-rate once the target is reached (a dis-benefit's harm counts
negative), the same figure the benefits review rolls up. A benefit without a value per unit is
unpriced and counts no money. The register is checked before a rendered run; in a live session a
row whose numbers do not read is skipped rather than stopping the deliverable.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from playbook.intake.contract_columns import SPECS
from playbook.intake.csv_files import exists, read_csv
from playbook.intake.values import parse_number

FILE = "benefits.csv"
COLUMNS = ["id", "name", "initiative", "run_rate"]


def register_money(folder: Path) -> pd.DataFrame:
    """One row per benefit: its id, name, initiative and annual run-rate at target (NaN when unpriced)."""
    path = Path(folder) / FILE
    if not exists(path):
        return pd.DataFrame(columns=COLUMNS)
    spec = next(s for s in SPECS if s.file == FILE)
    table, _ = read_csv(path, [c.name for c in spec.required], [c.name for c in spec.optional])
    rows = []
    for r in table.rows:
        try:
            change = abs(parse_number(r["target"], table.european) - parse_number(r["baseline"], table.european))
            per_unit = r.get("value_per_unit", "")
            price = parse_number(per_unit, table.european) if per_unit.strip() else float("nan")
        except (ValueError, KeyError, AttributeError):
            continue
        sign = -1.0 if r.get("kind", "").strip().lower() == "dis-benefit" else 1.0
        rows.append((r["id"], r["name"], r["initiative"], sign * change * price))
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class SetMoney:
    """The money a set of initiatives promises, and how much of the set the register prices."""

    per_initiative: pd.Series  # initiative -> annual run-rate at target (priced ones only)
    initiatives: tuple[str, ...]  # the set
    unpriced: tuple[str, ...]  # in the set, with no priced benefit in the register

    @property
    def total(self) -> float:
        return float(self.per_initiative.sum())

    @property
    def priced(self) -> tuple[str, ...]:
        return tuple(self.per_initiative.index)


def set_money(register: pd.DataFrame, initiatives: Iterable[str]) -> SetMoney:
    """The annual run-rate at target of the priced benefits of `initiatives`, summed per initiative."""
    chosen = list(initiatives)
    priced = register.dropna(subset=["run_rate"])
    priced = priced[priced["initiative"].isin(chosen)]
    per = priced.groupby("initiative")["run_rate"].sum()
    per = per.reindex([i for i in chosen if i in per.index])
    return SetMoney(per, tuple(chosen), tuple(i for i in chosen if i not in per.index))


def money_column(register: pd.DataFrame, initiatives: Iterable[str]) -> list[float | None]:
    """Each initiative's annual run-rate at target, None where the register prices none of its benefits."""
    chosen = list(initiatives)
    per = set_money(register, chosen).per_initiative
    return [float(per[i]) if i in per.index else None for i in chosen]
