"""Strategic alignment and capacity use, on hand-worked examples."""
from __future__ import annotations

import numpy as np
import pytest

from playbook.prioritisation import alignment as al
from playbook.prioritisation.alignment import capacity_use, objective_alignment, orphans
from playbook.prioritisation.scoring import PrioritisationError
from tests.prioritisation.cases import portfolio


def test_objective_alignment_shares_the_funded_cost_and_groups_orphans_last():
    frame = portfolio([
        {"id": "A", "objective": "O1", "cost": 300.0},
        {"id": "B", "objective": "O1", "cost": 200.0},
        {"id": "C", "objective": "O2", "cost": 100.0},
        {"id": "D", "objective": None, "cost": 100.0},
        {"id": "E", "objective": "  ", "cost": 50.0},
    ])
    table = objective_alignment(frame, ["A", "C", "D"])
    assert table.index.tolist() == ["O1", "O2", al.NO_OBJECTIVE]
    assert table["funded_cost"].tolist() == [300.0, 100.0, 100.0]
    assert table["share"].tolist() == pytest.approx([0.6, 0.2, 0.2])
    assert table["n_initiatives"].tolist() == [2, 1, 2]
    assert table["n_funded"].tolist() == [1, 1, 1]
    assert table["proposed_cost"].tolist() == [500.0, 100.0, 150.0]
    assert orphans(frame) == ["D", "E"]
    with pytest.raises(PrioritisationError, match="unknown initiatives"):
        objective_alignment(frame, ["Z"])


def test_capacity_use_bands_demand_against_capacity():
    frame = portfolio([
        {"id": "A", "fte_Eng": 3.0, "fte_Ops": 5.0, "fte_Data": 1.0, "fte_Legal": 0.5},
        {"id": "B", "fte_Eng": 9.0, "fte_Ops": 9.0, "fte_Data": 9.0, "fte_Legal": 9.0},
    ], teams=("Eng", "Ops", "Data", "Legal"))
    table = capacity_use(frame, ["A"], {"Eng": 4.0, "Ops": 4.0, "Data": 4.0})
    assert table.index.tolist() == ["Eng", "Ops", "Data", "Legal"]
    assert table["demand"].tolist() == [3.0, 5.0, 1.0, 0.5]
    assert table["utilisation"].iloc[:3].tolist() == [0.75, 1.25, 0.25]
    assert table["band"].tolist() == [al.WITHIN, al.OVER, al.UNDER, al.UNCAPPED]
    assert np.isnan(table.at["Legal", "capacity"])
    full = capacity_use(frame, ["A"], {"Eng": 3.0})
    assert full.at["Eng", "band"] == "75–100%"  # exactly full is within, not over
