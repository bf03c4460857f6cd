"""Maturity methods against hand-worked examples."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from playbook.maturity import scoring as maturity
from playbook.maturity import model as maturity_model
from playbook.maturity.model import MaturityModel

W1, W2 = dt.date(2026, 3, 1), dt.date(2026, 9, 1)


def tiny_model() -> MaturityModel:
    desc = {i: f"level {i}" for i in range(1, 6)}
    return MaturityModel.model_validate({
        "id": "tiny", "name": "Tiny", "levels": {i: f"L{i}" for i in range(1, 6)},
        "dimensions": [
            {"id": "gov", "name": "Governance", "descriptors": desc,
             "questions": [{"id": "G1", "text": "g1"}, {"id": "G2", "text": "g2"}]},
            {"id": "ben", "name": "Benefits", "descriptors": desc,
             "questions": [{"id": "B1", "text": "b1"}, {"id": "B2", "text": "b2"}]},
        ]})


def frame(rows, wave=W2) -> pd.DataFrame:
    q2d = tiny_model().question_dimension
    df = pd.DataFrame(rows, columns=["respondent", "role", "question", "score"])
    df["wave"] = wave
    df["dimension"] = df["question"].map(q2d)
    df["score"] = df["score"].astype(float)
    return df


# Three respondents. Governance: G1 = 2, 3, 4 (median 3); G2 = 1, 2, 5 (median 2) -> mean 2.5.
# Benefits: B1 = 4, 4, 4 (median 4); B2 = 3, None, 5 (median of 3 and 5 = 4) -> mean 4.0.
ROWS = [
    ("Ann", "Executive", "G1", 2), ("Ann", "Executive", "G2", 1), ("Ann", "Executive", "B1", 4), ("Ann", "Executive", "B2", 3),
    ("Bob", "Delivery", "G1", 3), ("Bob", "Delivery", "G2", 2), ("Bob", "Delivery", "B1", 4), ("Bob", "Delivery", "B2", None),
    ("Cy", "Delivery", "G1", 4), ("Cy", "Delivery", "G2", 5), ("Cy", "Delivery", "B1", 4), ("Cy", "Delivery", "B2", 5),
]


def test_dimension_score_is_mean_of_question_medians():
    scores = maturity.dimension_scores(frame(ROWS), tiny_model())
    assert scores["gov"] == pytest.approx(2.5)
    assert scores["ben"] == pytest.approx(4.0)


def test_rwg_single_item_hand_worked():
    # scores 2, 3, 4: sample variance 1.0; sigma2_EU = (25 - 1) / 12 = 2; rwg = 1 - 1/2 = 0.5
    assert maturity.sigma2_eu() == 2.0
    assert maturity.rwg([2, 3, 4]) == pytest.approx(0.5)
    assert maturity.rwg([4, 4, 4]) == 1.0
    assert maturity.rwg([1, 5]) == 0.0  # variance 8 > 2: truncated to 0
    assert maturity.rwg([3]) is None


def test_dimension_agreement_and_iqr_hand_worked():
    agree = maturity.agreement(frame(ROWS), tiny_model())
    # gov: var(G1 = 2,3,4) = 1; var(G2 = 1,2,5) = 13/3; mean = 8/3; rwg = 1 - (8/3)/2 < 0 -> 0
    assert agree.at["gov", "rwg"] == 0.0
    assert bool(agree.at["gov", "low_agreement"]) is True
    # ben: var(B1) = 0; var(B2 = 3, 5) = 2; mean s̄² = 1; ratio 1/2; r_wg(J) = 2(1/2) / (2(1/2) + 1/2) = 2/3
    assert agree.at["ben", "rwg"] == pytest.approx(2 / 3)
    # respondent gov means: Ann 1.5, Bob 2.5, Cy 4.5 -> Q1 = 2.0, Q3 = 3.5 (linear) -> IQR 1.5
    assert agree.at["gov", "iqr"] == pytest.approx(1.5)


def test_gap_overall_and_ranking():
    model = tiny_model()
    lib = maturity_model.RecommendationLibrary(model="tiny", recommendations={
        "gov": {2: [{"title": "Terms of reference", "action": "Write them."}]}})
    a = maturity.assess(frame(ROWS), model, {"gov": 4, "ben": 3}, lib)
    assert a.overall == pytest.approx(3.25)  # (2.5 + 4.0) / 2
    assert a.dimensions.at["gov", "gap"] == pytest.approx(1.5)
    assert a.dimensions.at["ben", "gap"] == pytest.approx(-1.0)
    assert [g.dimension for g in a.gaps] == ["gov"]
    assert a.gaps[0].level == 2 and a.gaps[0].recommendations[0].title == "Terms of reference"
    assert a.respondents == 3


def test_scores_by_role_show_the_split():
    roles = maturity.by_role(frame(ROWS), tiny_model())
    # Executive gov: G1 2, G2 1 -> 1.5; Delivery gov: G1 median(3,4)=3.5, G2 median(2,5)=3.5 -> 3.5
    assert roles.at["gov", "Executive"] == pytest.approx(1.5)
    assert roles.at["gov", "Delivery"] == pytest.approx(3.5)
    assert roles.at["gov", "spread"] == pytest.approx(2.0)
    assert bool(roles.at["gov", "roles_disagree"]) is True


def test_trend_uses_newest_wave_and_reports_change():
    old = frame([(r, role, q, 1 if s is not None else None) for r, role, q, s in ROWS], wave=W1)
    both = pd.concat([old, frame(ROWS)], ignore_index=True)
    a = maturity.assess(both, tiny_model(), {}, maturity_model.RecommendationLibrary(model="tiny", recommendations={}))
    assert a.wave == W2 and a.waves == [W1, W2]
    assert a.trend.at["gov", "change"] == pytest.approx(1.5)  # 2.5 - 1.0
    assert maturity.results(a)["previous_wave"] == "2026-03-01"


def test_results_schema():
    a = maturity.assess(frame(ROWS), tiny_model(), {"gov": 3}, maturity_model.recommendations("tiny"))
    r = maturity.results(a)
    assert r["respondents"] == 3 and r["wave"] == "2026-09-01"
    assert r["dimensions"]["gov"] == {"score": 2.5, "target": 3, "gap": 0.5, "rwg": 0.0, "iqr": 1.5,
                                      "low_agreement": True}
    assert r["dimensions"]["ben"]["target"] is None and r["dimensions"]["ben"]["gap"] is None


def test_empty_assessment_says_so():
    empty = frame([])
    a = maturity.assess(empty, tiny_model(), {}, maturity_model.recommendations("tiny"))
    assert a.empty and a.overall is None
    assert "No maturity responses" in maturity.findings(a)[0]


def test_findings_are_three_to_five_with_numbers(data_dir):
    from playbook.maturity import responses
    from playbook.intake.client import load_client

    folder = data_dir / "acme-logistics"
    client = load_client(folder)
    model = maturity_model.get("pmo")
    a = maturity.assess(responses.load_valid(folder, model, client.as_of), model, client.maturity.targets,
                        maturity_model.recommendations("pmo"))
    found = maturity.findings(a)
    assert 3 <= len(found) <= 5
    assert all(any(ch.isdigit() for ch in f) for f in found)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=5), min_size=2, max_size=40))
def test_rwg_always_in_unit_interval(scores):
    assert 0.0 <= maturity.rwg(scores) <= 1.0


def test_shipped_models_meet_the_standard():
    for model_id in ("pmo", "cmo"):
        m = maturity_model.get(model_id)
        lib = maturity_model.recommendations(model_id)
        assert len(m.dimensions) >= 8
        assert all(len(d.questions) >= 3 for d in m.dimensions)
        for d in m.dimensions:
            for level in range(1, 6):
                assert d.descriptors[level].strip()
                assert lib.for_level(d.id, level), (model_id, d.id, level)


def _waves_frame():
    """Two waves of one question: the old with 5 respondents (all 2), the new with 3 (all 4)."""
    import datetime as dt

    import pandas as pd

    old, new = dt.date(2026, 3, 1), dt.date(2026, 11, 20)
    rows = [{"respondent": f"r{i}", "role": "Executive", "question": "GOV1", "score": 2.0, "comment": None,
             "wave": old, "dimension": "governance"} for i in range(5)]
    rows += [{"respondent": f"n{i}", "role": "Executive", "question": "GOV1", "score": 4.0, "comment": None,
              "wave": new, "dimension": "governance"} for i in range(3)]
    return pd.DataFrame(rows), old, new


def test_a_new_wave_below_the_minimum_is_named_but_the_previous_one_is_shown():
    from playbook.maturity import model, scoring

    frame, old, new = _waves_frame()
    pmo = model.get("pmo")
    a = scoring.assess(frame, pmo, {}, model.recommendations("pmo"), min_respondents=5)
    assert a.wave == old and a.respondents == 5 and a.waves == [old]
    assert a.dimensions.at["governance", "score"] == 2.0  # the old wave's answers only
    assert (a.pending_wave, a.pending_respondents) == (new, 3)
    said = scoring.findings(a)[1]
    assert "3 of the 5 respondents needed" in said and "shows the 01 March 2026 assessment" in said
    b = scoring.assess(frame, pmo, {}, model.recommendations("pmo"), min_respondents=3)
    assert b.wave == new and b.pending_wave is None and b.dimensions.at["governance", "score"] == 4.0
    assert b.waves == [old, new]


def test_a_first_wave_below_the_minimum_is_shown_and_said_to_be_thin():
    from playbook.maturity import model, scoring

    frame, old, _ = _waves_frame()
    a = scoring.assess(frame[frame["wave"] == old], model.get("pmo"), {}, model.recommendations("pmo"),
                       min_respondents=8)
    assert a.wave == old and "Only 5 of the 8 respondents needed" in scoring.findings(a)[1]


def test_rwg_j_is_the_published_multi_item_index():
    """Issue 12, item 4: six respondents answering two items both as 2, 3, 3, 4, 4, 4: s̄² = 2/3,
    ratio 1/3, r_wg(J) = 2(2/3) / (2(2/3) + 1/3) = 0.8 (not flagged); 1 − s̄²/σ² would give 0.667."""
    assert maturity.rwg_j(2 / 3, 2) == pytest.approx(0.8)
    assert maturity.rwg_j(0.0, 3) == 1.0 and maturity.rwg_j(2.0, 4) == 0.0 and maturity.rwg_j(5.0, 2) == 0.0
    rows = [(f"P{i}", "Executive", q, s) for i, s in enumerate([2, 3, 3, 4, 4, 4]) for q in ("G1", "G2")]
    agree = maturity.agreement(frame(rows), tiny_model())
    assert agree.at["gov", "rwg"] == pytest.approx(0.8) and not bool(agree.at["gov", "low_agreement"])
    # with more items of the same spread the index rises: J = 1 gives the single-item r_wg
    assert maturity.rwg_j(2 / 3, 1) == pytest.approx(maturity.rwg([2, 3, 3, 4, 4, 4]))


def test_one_respondent_is_not_measurable_not_perfect_agreement():
    """Issue 12, item 5: with one respondent there is no agreement index and no IQR (not 0.0)."""
    agree = maturity.agreement(frame([("Solo", "Executive", "G1", 3), ("Solo", "Executive", "G2", 4)]), tiny_model())
    assert agree.at["gov", "rwg"] is None or pd.isna(agree.at["gov", "rwg"])
    assert agree.at["gov", "iqr"] is None or pd.isna(agree.at["gov", "iqr"])
    assert not bool(agree.at["gov", "low_agreement"])
