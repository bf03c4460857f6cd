"""Respondents are protected: the heatmap and the comments are by role unless client.yaml's
`maturity.show_names` is true; a comment made under several dimensions is shown once."""
from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from playbook.errors import DataError
from playbook.intake.client import load_client
from playbook.intake.yaml_files import update_file
from playbook.maturity import charts, scoring, tables
from playbook.report.theme import spec_of
from tests.maturity.test_summary import NONE, TIE, answers, frame, model

SAME = "Benefits are written into the business case and never looked at again."


def commented() -> scoring.Assessment:
    """Ann (Executive), Bob and Cy (Delivery). Bob says SAME under Governance and Benefits, Cy says it
    again (other spacing and case) under Risk; Ann says something else under Governance."""
    rows = TIE + answers("Cy", "Delivery", {"G1": 3, "G2": 2, "B1": 3, "B2": 2, "R1": 1, "R2": 2})
    df = frame(rows)
    notes = {("Bob", "G1"): SAME, ("Bob", "B2"): SAME, ("Cy", "R1"): "  benefits are written into the business "
             "case and  never looked at again ", ("Ann", "G2"): "The steering committee works."}
    df["comment"] = [notes.get((w, q)) for w, q in zip(df["respondent"], df["question"])]
    return scoring.assess(df, model(), {}, NONE, 3)


def test_a_comment_is_shown_once_as_a_theme_across_its_dimensions():
    a = commented()
    assert len(a.comments) == 4
    themes = tables.comment_themes(a)
    assert themes.to_dict("records") == [
        {"Theme": "Across 3 dimensions: Governance, Benefits and Risk", "What was said": SAME,
         "Said by": "Delivery (2 respondents)"},
        {"Theme": "Governance", "What was said": "The steering committee works.", "Said by": "Executive"}]
    assert tables.comments_caption(a, themes, False) == ("2 comments from the October 2026 assessment, each shown "
                                                         "once (2 repeats folded in), by role")


def test_comments_name_respondents_only_when_the_client_agreed():
    a = commented()
    by_role = tables.comment_themes(a).to_string()
    assert not any(name in by_role for name in ("Ann", "Bob", "Cy"))
    named = tables.comment_themes(a, show_names=True)
    assert list(named["Said by"]) == ["Bob (Delivery) and Cy (Delivery)", "Ann (Executive)"]


def test_the_heatmap_is_by_role_unless_names_are_agreed():
    a = commented()
    spec = json.dumps(spec_of(charts.heatmap(a)))
    assert not any(name in spec for name in ("Ann", "Bob", "Cy"))
    cells = tables.heatmap_cells(a)
    assert sorted(set(cells["row"])) == ["Delivery (2 respondents)", "Executive (1 respondent)"]
    # a role's cell is the role's score as the role chart shows it: Delivery governance G1 3, 3 and G2 2, 2 -> 2.5
    gov = cells[(cells["row"] == "Delivery (2 respondents)") & (cells["dimension"] == "Governance")]
    assert gov[["score", "label"]].values.tolist() == [[2.5, "2.5"]]
    assert charts.heatmap_title(a, False) == "Executive respondents score lowest on 3 of 3 dimensions"
    named = tables.heatmap_cells(a, show_names=True)
    assert sorted(set(named["row"])) == ["Ann (Executive)", "Bob (Delivery)", "Cy (Delivery)"]
    assert "Bob (Delivery)" in json.dumps(spec_of(charts.heatmap(a, show_names=True)))


def test_show_names_is_a_client_yaml_setting_off_by_default(data_dir):
    folder = data_dir / "helix-health"
    assert load_client(folder).maturity.show_names is False
    update_file(folder / "client.yaml", {("maturity", "show_names"): True})
    assert load_client(folder).maturity.show_names is True
    update_file(folder / "client.yaml", {("maturity", "show_names"): "perhaps"})
    with pytest.raises(DataError) as err:
        load_client(folder)
    assert "show_names" in str(err.value.report())


def test_a_long_list_of_comments_shows_the_most_widely_made_first():
    a = commented()
    extra = a.comments.iloc[[0] * 14].reset_index(drop=True)
    extra["comment"] = [f"Point {i}" for i in range(14)]
    extra.loc[13, "respondent"] = "Ann"  # Bob and Ann both make point 13: two people, first after the repeat
    extra.loc[12, "comment"] = "Point 13"
    many = dataclasses.replace(a, comments=pd.concat([a.comments, extra], ignore_index=True))
    themes = tables.comment_themes(many)
    assert len(themes) == 15  # SAME, the steering comment, points 0 to 11 and point 13
    assert list(themes["What was said"][:2]) == [SAME, "Point 13"]
    assert tables.comments_caption(many, themes, False).startswith(
        "The 12 most widely made of 15 comments from the October 2026 assessment, each shown once (3 repeats")
