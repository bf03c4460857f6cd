"""The RACI lint, the RACI matrix and the stakeholder map: each problem names the workstream or person."""
from __future__ import annotations

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding.findings import missing
from playbook.onboarding.governance import (
    raci_check, raci_issues, raci_matrix, stakeholder_map, unmapped_stakeholders,
)
from tests.onboarding.helpers import client, demo


def test_clean_raci_has_no_issues():
    assert raci_issues(client()) == []


def test_two_accountable_people_names_the_workstream_and_people():
    issues = raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "A"},
        "Benefits": {"Sam Patel": "R", "Raj Rao": "I", "Kim Ng": "A"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    assert issues == ["Workstream 'Portfolio governance' has 2 accountable people (A): Dana Lee, Raj Rao; "
                      "it needs exactly one"]


def test_missing_accountable_and_missing_responsible():
    issues = raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "I"},
        "Benefits": {"Raj Rao": "A", "Kim Ng": "I"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    assert issues == [
        "Workstream 'Portfolio governance' has no accountable person (A); it needs exactly one",
        "Workstream 'Benefits' has no responsible person (R); it needs at least one",
    ]


def test_workstream_without_raci_row():
    issues = raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A"},
        "Benefits": {"Sam Patel": "R", "Raj Rao": "A"}}))
    assert issues == ["Workstream 'Capacity' has no RACI row; it needs one accountable (A) "
                      "and at least one responsible (R)"]


def test_dominant_accountable_person_over_half_the_workstreams():
    issues = raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A"},
        "Benefits": {"Sam Patel": "R", "Dana Lee": "A"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    # 2 of 3 > 3/2
    assert issues == ["Dana Lee is accountable (A) for 2 of 3 workstreams (Portfolio governance, Benefits); "
                      "more than half the decisions queue behind one person"]


def test_exactly_half_is_not_dominant():
    streams = [{"name": n, "share": 0.25} for n in ("W1", "W2", "W3", "W4")]
    raci = {"W1": {"Sam Patel": "R", "Dana Lee": "A"}, "W2": {"Sam Patel": "R", "Dana Lee": "A"},
            "W3": {"Sam Patel": "R", "Raj Rao": "A"}, "W4": {"Sam Patel": "R", "Kim Ng": "A"}}
    assert raci_issues(client(workstreams=streams, raci=raci)) == []  # 2 of 4 is not more than half


def test_single_workstream_is_never_dominant():
    raci = {"Only": {"Sam Patel": "R", "Dana Lee": "A"}}
    assert raci_issues(client(workstreams=[{"name": "Only", "share": 1}], raci=raci)) == []


def test_more_than_three_consulted_on_a_workstream():
    raci = {"Only": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "C", "Kim Ng": "C", "Ops board": "C",
                     "Lee Ho": "C", "Ann Bo": "I", "Bo Li": "I"}}
    c = client(workstreams=[{"name": "Only", "share": 1}], raci=raci, groups=["Ops board", "Lee Ho", "Ann Bo", "Bo Li"])
    assert raci_issues(c) == ["Workstream 'Only' consults 4 people (C): Raj Rao, Kim Ng, Ops board, Lee Ho; "
                                 "more than 3 slows every decision, so inform (I) some instead"]


def test_more_consulted_than_everyone_else():
    raci = {"Only": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "C", "Kim Ng": "C", "Ops board": "C"}}
    issues = raci_issues(client(workstreams=[{"name": "Only", "share": 1}], raci=raci))
    # 3 C's against 2 R/A/I
    assert issues == ["Workstream 'Only' consults 3 people (C): Raj Rao, Kim Ng, Ops board, more than are "
                      "responsible, accountable or informed; inform (I) some instead"]


def test_person_consulted_on_every_workstream():
    issues = raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "C"},
        "Benefits": {"Sam Patel": "R", "Kim Ng": "A", "Raj Rao": "C"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A", "Raj Rao": "C"}}))
    assert issues == ["Raj Rao is consulted (C) on every workstream; keep them consulted where their view "
                      "changes the decision and informed (I) elsewhere"]


def test_gaps_come_before_warnings():
    issues = raci_issues(client(raci={
        "Portfolio governance": {"Dana Lee": "A"},
        "Benefits": {"Sam Patel": "R", "Dana Lee": "A"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    assert issues[0].startswith("Workstream 'Portfolio governance' has no responsible person")
    assert issues[1].startswith("Dana Lee is accountable (A) for 2 of 3")


def test_raci_check_and_matrix_order():
    c = demo("northwind-retail")
    check = raci_check(c).set_index("workstream")
    assert check.loc["Positioning and brand refresh", ["R", "A", "C", "I"]].tolist() == [1, 2, 2, 0]
    assert check["gap"].to_dict() == {"Positioning and brand refresh": "2 accountable", "Demand generation": "",
                                      "Marketing operations": "no responsible", "Team and agencies": ""}
    people = list(dict.fromkeys(raci_matrix(c)["person"]))
    assert people[:2] == ["Alex Morgan", "Maria Rossi"] and people[-2:] == ["Creative agency", "Leadership team"]


def test_stakeholder_map_quadrants():
    people = [{"name": "A", "influence": 5, "interest": 5}, {"name": "B", "influence": 4, "interest": 2},
              {"name": "C", "influence": 2, "interest": 4}, {"name": "D", "influence": 1, "interest": 1},
              {"name": "E", "influence": 3, "interest": 3}, {"name": "F", "influence": 5}]
    table = stakeholder_map(client(stakeholders=people))
    assert list(table.columns) == ["name", "title", "influence", "interest", "disposition", "quadrant"]
    assert table["quadrant"].iloc[:5].tolist() == ["Manage closely", "Keep satisfied", "Keep informed",
                                                   "Monitor", "Manage closely"]  # 3 counts as high
    assert pd.isna(table["quadrant"].iloc[5])  # interest not scored: no quadrant


def test_unmapped_stakeholders_are_named():
    c = Client.model_validate({"client": "X", "stakeholders": [{"name": "A", "influence": 4, "interest": 4},
                                                              {"name": "B", "influence": 4}]})
    assert unmapped_stakeholders(c) == ["B"] and missing(c, "stakeholders") is None
