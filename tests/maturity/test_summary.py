"""The maturity summary, against hand-worked assessments: decision first, figures half-up and the
same in text and chart labels, ties named together, the agreement threshold as shown, plurals."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from playbook.maturity import charts, scoring, summary
from playbook.maturity.model import MaturityModel, RecommendationLibrary
from playbook.report.theme import spec_of

DECIDE_ON = dt.date(2026, 11, 15)  # the client's decision date (its next steering meeting)
WAVE = dt.date(2026, 10, 5)
NONE = RecommendationLibrary(model="t3", recommendations={})


def model() -> MaturityModel:
    desc = {i: f"level {i}" for i in range(1, 6)}
    dims = [("gov", "Governance", "G"), ("ben", "Benefits", "B"), ("risk", "Risk", "R")]
    return MaturityModel.model_validate({
        "id": "t3", "name": "Three", "levels": {i: f"L{i}" for i in range(1, 6)},
        "dimensions": [{"id": d, "name": n, "descriptors": desc,
                        "questions": [{"id": f"{q}1", "text": "a"}, {"id": f"{q}2", "text": "b"}]}
                       for d, n, q in dims]})


def frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    q2d = model().question_dimension
    df = pd.DataFrame(rows, columns=["respondent", "role", "question", "score"])
    return df.assign(wave=WAVE, dimension=df["question"].map(q2d), score=df["score"].astype(float), comment=None)


def answers(who: str, role: str, scores: dict[str, int]) -> list[tuple[str, str, str, float]]:
    return [(who, role, q, s) for q, s in scores.items()]


# Two executives and two delivery staff a long way apart.
# G1 5,5,2,2 (median 3.5), G2 4,4,1,1 (2.5): Governance 3.0; variance 3 on both -> agreement 1 - 3/2 -> 0.
# B1 4,4,2,2 (3), B2 3,3,1,1 (2): Benefits 2.5; variance 4/3 on both, ratio to the noise model's 2 is 2/3
# -> agreement r_wg(J) with J = 2 questions: 2(1/3) / (2(1/3) + 2/3) = 0.5.
# R1 3,3,3,3, R2 3,3,3,3: Risk 3.0, agreement 1.
# Roles (median per question within the role, mean per dimension): Executive 4.5 / 3.5 / 3.0, Delivery
# 1.5 / 1.5 / 3.0 -> gaps 3.0, 2.0 and 0.0: not above on every dimension.
HIGH = {"G1": 5, "G2": 4, "B1": 4, "B2": 3, "R1": 3, "R2": 3}
LOW = {"G1": 2, "G2": 1, "B1": 2, "B2": 1, "R1": 3, "R2": 3}
SPLIT = (answers("Ann", "Executive", HIGH) + answers("Abe", "Executive", HIGH)
         + answers("Dee", "Delivery", LOW) + answers("Dan", "Delivery", LOW))


def split(targets: dict[str, int] | None = None, rows=SPLIT) -> scoring.Assessment:
    return scoring.assess(frame(rows), model(), targets or {"gov": 4, "ben": 3, "risk": 3}, NONE, 4)


def test_mostly_contested_leads_with_calibrate_before_investing():
    a = split()
    assert a.dimensions["rwg"].round(2).tolist() == [0.0, 0.5, 1.0]
    thought = summary.governing(a)
    assert thought.startswith("Calibrate before investing: respondents disagree on 2 of 3 dimensions")
    assert "2.7 of 5" not in thought and "of 5" not in thought  # not a headline score on contested data
    found = summary.findings(a)
    assert found[0].startswith("**Respondents disagree on 2 of 3 dimensions** (agreement below 0.7")
    assert "Governance (0.00) and Benefits (0.50)" in found[0]
    assert found.index(next(f for f in found if "below target" in f)) > 0
    assert ("**On today's contested scores, 2 of 3 dimensions read below target.** The largest gaps: Governance "
            "(3.0 against a target of 4) and Benefits (2.5 against a target of 3).") in found
    assert "but it rests on contested scores" in next(f for f in found if f.startswith("Overall maturity"))
    asks = summary.decisions(a, "Dana Lee", DECIDE_ON)
    assert asks[0].what.startswith("Hold a calibration session") and "2 contested dimensions" in asks[0].what
    assert asks[0].by == dt.date(2026, 11, 15) and asks[1].by == dt.date(2026, 12, 13)
    assert all(d.who == "Dana Lee" for d in asks)


def test_a_large_gap_between_roles_is_stated_with_its_range():
    # Risk answered 3 by the executives and 2 by delivery: gaps 3.0, 2.0 and 1.0, above everywhere.
    rows = [(w, r, q, (2 if r == "Delivery" else 3) if q.startswith("R") else s) for w, r, q, s in SPLIT]
    a = split(rows=rows)
    gap = summary.role_gap(a)
    assert (gap.high, gap.low, gap.gaps.tolist()) == ("Executive", "Delivery", [3.0, 2.0, 1.0])
    assert gap.large
    said = summary.roles_finding(a)
    assert said.startswith("**Executive respondents score 1.0 to 3.0 points above Delivery respondents on every "
                           "dimension**: the widest gap is on Governance (3.0 points)")
    assert "and Executive respondents score 1.0 to 3.0 points above Delivery respondents" in summary.governing(a)
    assert charts.roles_title(a) == "Executive respondents score 1.0 to 3.0 points above Delivery respondents on every dimension"
    # the gap is the difference of the scores as shown: 4.5 - 1.5 on governance
    assert summary.role_scores(a).loc["Governance"].to_dict() == {"Delivery": 1.5, "Executive": 4.5}


# Half-up and ties. G1 2,3 (2.5), G2 2,2 (2) -> Governance 2.25; Benefits the same; R1 1,1, R2 1,2
# (1.5) -> Risk 1.25. Python's format writes 2.25 as "2.2" and 1.25 as "1.2"; the reader sees 2.3 and 1.3.
TIE = (answers("Ann", "Executive", {"G1": 2, "G2": 2, "B1": 2, "B2": 2, "R1": 1, "R2": 1})
       + answers("Bob", "Delivery", {"G1": 3, "G2": 2, "B1": 3, "B2": 2, "R1": 1, "R2": 2}))


def tie() -> scoring.Assessment:
    return scoring.assess(frame(TIE), model(), {"gov": 3, "ben": 3, "risk": 2}, NONE, 2)


def test_ties_and_half_up_read_the_same_in_summary_caption_and_chart():
    a = tie()
    assert a.dimensions["score"].tolist() == [2.25, 2.25, 1.25] and f"{2.25:.1f}" == "2.2"
    overall = next(f for f in summary.findings(a) if f.startswith("Overall"))
    assert ("the strongest dimensions are Governance and Benefits (2.3 each) and the weakest Risk (1.3)"
            in overall)
    assert "**1.9 of 5**" in overall  # (2.25 + 2.25 + 1.25) / 3 = 1.917
    assert charts.describe_scores(a) == ("Scores range from Risk (1.3) to Governance and Benefits (2.3 each); "
                                         "3 of 3 dimensions are below target.")
    gaps = summary.gaps_finding(a)
    assert "Governance (2.3 against a target of 3)" in gaps and "Benefits (2.3 against a target of 3)" in gaps
    spec = spec_of(charts.scores_vs_target(a))
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert {r["name"]: r["label"] for r in rows} == {"Governance": "2.3", "Benefits": "2.3", "Risk": "1.3"}
    # the chart's title names every dimension tied for the largest gap as shown (3 - 2.3 = 2 - 1.3), in the
    # priorities' order (equal gaps: the lower score first)
    assert charts.scores_title(a) == ("3 of 3 dimensions are below target; furthest: Risk (1.3 against 2), "
                                      "Governance (2.3 against 3) and Benefits (2.3 against 3)")


def with_agreement(a: scoring.Assessment, values: list[float]) -> scoring.Assessment:
    dims = a.dimensions.copy()
    dims["rwg"] = values
    dims["low_agreement"] = [scoring.contested(v) for v in values]
    return dataclasses.replace(a, dimensions=dims)


def test_agreement_below_0_7_never_lists_0_70():
    assert scoring.contested(0.6951) is False  # shows as 0.70
    assert scoring.contested(0.6949) is True  # shows as 0.69
    assert scoring.contested(None) is False
    a = with_agreement(tie(), [0.6979, 0.61, 0.95])
    said = summary.agreement_finding(a)
    assert said.startswith("**Respondents disagree on 1 of 3 dimensions** (agreement below 0.7")
    assert "Benefits (0.61)" in said and "0.70" not in said and "Governance" not in said
    assert charts.describe_agreement(a) == ("Agreement below 0.7 (the dashed line) marks a contested score, least "
                                            "agreement first: Benefits (0.61).")
    labels = {r["name"]: r["label"] for rows in spec_of(charts.agreement(a))["datasets"].values() for r in rows
              if "label" in r}
    assert labels == {"Governance": "0.70", "Benefits": "0.61  contested", "Risk": "0.95"}
    fine = with_agreement(tie(), [0.70, 0.8, 0.95])
    assert summary.agreement_finding(fine).startswith("Respondents broadly agree: agreement is at least 0.7")
    assert not summary.mostly_contested(fine)


def test_counts_are_singular_for_one():
    a = tie()  # Executive against Delivery: Governance 2.0 vs 2.5, Benefits 2.0 vs 2.5, Risk 1.0 vs 1.5
    assert summary.role_splits(a).empty
    assert charts.describe_roles(a) == ("Scores of the 2 roles (Delivery and Executive); on 0 dimensions the roles "
                                        "are a level or more apart.")
    # one split of a level: Governance answered 1 by Ann and 4 by Bob on both questions
    # Governance 1.0 (Ann) against 4.0 (Bob); Benefits 2.5 against 2.0 and Risk 1.0 against 1.5 stay close
    rows = (answers("Ann", "Executive", {"G1": 1, "G2": 1, "B1": 3, "B2": 2, "R1": 1, "R2": 1})
            + answers("Bob", "Delivery", {"G1": 4, "G2": 4, "B1": 2, "B2": 2, "R1": 1, "R2": 2}))
    b = scoring.assess(frame(rows), model(), {"gov": 3}, NONE, 2)
    assert not summary.role_gap(b).everywhere
    assert list(summary.role_splits(b).index) == ["Governance"]
    assert "on 1 dimension the roles are" in charts.describe_roles(b)
    assert summary.roles_finding(b).startswith("**The roles see 1 dimension differently** (a level or more apart): "
                                               "on Governance, Delivery respondents score 4.0 against 1.0")
    assert charts.roles_title(b) == "The roles are a level or more apart on 1 dimension"


def test_findings_are_three_to_five_and_decisions_have_owner_and_date():
    for a in (split(), tie(), with_agreement(tie(), [0.6, 0.8, 0.9])):
        found = summary.findings(a)
        assert 3 <= len(found) <= 5, found
        asks = summary.decisions(a, "Dana Lee", DECIDE_ON)
        assert asks and all(d.who == "Dana Lee" and isinstance(d.by, dt.date) for d in asks)
    first = summary.findings(tie())[0]
    assert first.startswith("**3 of 3 dimensions are below target.** Fix first: Risk (1.3")  # data sound: gaps lead
    assert summary.governing(tie()) == ("Invest first in Risk, Governance and Benefits: they are furthest below "
                                        "target, and overall maturity is 1.9 of 5 (L1).")


def test_trend_change_is_the_difference_of_the_shown_scores():
    old = frame([(w, r, q, 1.0) for w, r, q, _ in TIE]).assign(wave=dt.date(2026, 3, 1))
    a = scoring.assess(pd.concat([old, frame(TIE)], ignore_index=True), model(), {}, NONE, 2)
    change = summary.trend_change(a)
    assert change.to_dict() == {"Governance": 1.3, "Benefits": 1.3, "Risk": 0.3}  # 2.3 - 1.0, 1.3 - 1.0
    assert summary.trend_finding(a) == ("Since the March 2026 assessment, overall maturity rose from 1.0 to 1.9; "
                                        "Governance and Benefits improved most (+1.3).")
    assert charts.trend_title(a) == "Overall maturity rose from 1.0 to 1.9 since March 2026"


def test_only_dont_know_answers_read_as_no_assessment():
    a = scoring.assess(frame([("Ann", "Executive", "G1", None), ("Bob", "Delivery", "B1", None)]), model(), {},
                       NONE, 2)
    assert a.respondents == 2 and a.overall is None and a.empty
    assert summary.findings(a) == [summary.EMPTY]
    assert summary.governing(a).startswith("There is no maturity assessment yet")
