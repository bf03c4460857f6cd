"""Early warning signals, each on a case built to trip it and one built not to."""
from __future__ import annotations

import datetime as dt

from playbook.delivery import early_warning as ew
from playbook.delivery.earned_value import snapshot
from playbook.delivery.records import Baseline, Milestone, Report, Risk

D = dt.date
AS_OF = D(2026, 6, 1)
B = Baseline("A", "Project", 100_000, D(2026, 1, 1), D(2026, 10, 28))


def ms(reported: D, forecast: D, name: str = "Go-live", actual: D | None = None) -> Milestone:
    return Milestone("A", name, D(2026, 9, 1), reported, forecast, actual)


def test_slipping_needs_two_consecutive_slips():
    consecutive = [ms(D(2026, 3, 1), D(2026, 9, 1)), ms(D(2026, 4, 1), D(2026, 9, 15)),
                   ms(D(2026, 5, 1), D(2026, 10, 1))]
    apart = [ms(D(2026, 2, 1), D(2026, 9, 1)), ms(D(2026, 3, 1), D(2026, 9, 15)),
             ms(D(2026, 4, 1), D(2026, 9, 15)), ms(D(2026, 5, 1), D(2026, 10, 1))]
    (t,) = ew.milestone_trends(consecutive)
    assert t.slips == [True, True] and t.longest_run == 2 and t.slipping
    assert t.delay_days == 30
    assert "1 Sep 2026 → 15 Sep 2026 → 1 Oct 2026" in t.evidence()
    (u,) = ew.milestone_trends(apart)
    assert u.longest_run == 1 and not u.slipping
    (done,) = ew.milestone_trends(consecutive[:-1] + [ms(D(2026, 5, 1), D(2026, 10, 1), actual=D(2026, 5, 1))])
    assert not done.slipping


def test_watermelon_green_with_low_cpi():
    report = Report("A", D(2026, 5, 31), 40, 50_000, rag="green")  # CPI 0.8, SPI(t) 0.8
    w = ew.assess(B, snapshot(B, report), [report], [], [], AS_OF)
    assert w.watermelon
    assert w.warnings[0].startswith("reported green on 31 May 2026 while CPI 0.80 and SPI(t) 0.80")
    assert w.parts["watermelon"] == 2 and w.parts["cost"] == 2 and w.parts["schedule"] == 2
    assert "spend" not in w.parts  # 50% spent for 40% done: 10 points, not more
    assert w.score == 6
    ahead = Report("A", D(2026, 5, 31), 50, 61_000)  # 61% of the budget spent for 50% done
    assert ew.assess(B, snapshot(B, ahead), [ahead], [], [], AS_OF).parts["spend"] == 1


def test_watermelon_green_with_a_slipping_milestone_but_good_indices():
    trends = ew.milestone_trends([ms(D(2026, 3, 1), D(2026, 9, 1)), ms(D(2026, 4, 1), D(2026, 9, 15)),
                                  ms(D(2026, 5, 1), D(2026, 10, 1))])
    on_plan = Report("A", D(2026, 5, 31), 50, 45_000, rag="green")  # CPI 1.11, SPI(t) 1.0
    w = ew.assess(B, snapshot(B, on_plan), [on_plan], trends, [], AS_OF)
    assert w.watermelon and "a milestone slipping" in w.warnings[0]
    assert set(w.parts) == {"watermelon", "milestones"}
    amber = Report("A", D(2026, 5, 31), 50, 45_000, rag="amber")
    assert not ew.assess(B, snapshot(B, amber), [amber], trends, [], AS_OF).watermelon


def test_a_healthy_initiative_scores_zero():
    report = Report("A", D(2026, 5, 31), 50, 48_000, rag="green")
    w = ew.assess(B, snapshot(B, report), [report], [], [], AS_OF)
    assert w.score == 0 and not w.watermelon and w.warnings == ()


def test_stale_report_and_missing_report():
    old = Report("A", D(2026, 3, 31), 30, 29_000, rag="green")  # on plan
    w = ew.assess(B, snapshot(B, old), [old], [], [], AS_OF)  # 62 days old, cadence 30 + 7
    assert w.parts == {"stale": 1.0} and "62 days old" in w.warnings[0]
    fresh = Report("A", D(2026, 4, 30), 33, 32_000)
    assert "stale" not in ew.assess(B, snapshot(B, fresh), [fresh], [], [], AS_OF).parts  # 32 days
    assert "no status report" in ew.assess(B, None, [], [], [], AS_OF).warnings[0]


def test_risk_hygiene():
    risks = [Risk("R1", "A", "No owner", None, 3, 3, "open", D(2026, 1, 10)),
             Risk("R2", "A", "Overdue", "Kim", 2, 2, "open", D(2026, 1, 10), due=D(2026, 5, 1)),
             Risk("R3", "A", "Rising", "Kim", 4, 4, "open", D(2026, 1, 10), previous_probability=3,
                  previous_impact=4),
             Risk("R4", "A", "Closed, ownerless", None, 5, 5, "closed", D(2026, 1, 10)),
             Risk("R5", "A", "Fine", "Kim", 2, 2, "open", D(2026, 1, 10), due=D(2026, 7, 1))]
    problems = ew.risk_problems(risks, AS_OF)
    assert problems == ["risk R1 'No owner' has no owner", "risk R2 'Overdue' is past its due date (1 May 2026)",
                        "risk R3 'Rising' exposure rose from 12 to 16"]
    report = Report("A", D(2026, 5, 31), 50, 48_000)
    assert ew.assess(B, snapshot(B, report), [report], [], risks, AS_OF).parts == {"risks": 1.5}


def test_ranked_puts_the_highest_score_first():
    ws = [ew.Warning("A", {"stale": 1}), ew.Warning("B", {"cost": 2, "watermelon": 2}), ew.Warning("C")]
    assert [w.initiative for w in ew.ranked(ws)] == ["B", "A", "C"]
