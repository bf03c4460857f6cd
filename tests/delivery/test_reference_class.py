"""Reference classes: hand-worked quantiles, the thinness thresholds, and only aggregates out."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.delivery import reference_class as rc
from playbook.delivery.records import Baseline

D = dt.date


def done(client: str, ratio: float, category: str = "it-platform", late: float = 1.0) -> rc.Done:
    # baseline 100,000 over 100 days; actual cost 100,000 × ratio, actual duration 100 × late days
    start = D(2025, 1, 1)
    return rc.Done(client, category, 100_000, 100_000 * ratio, start, start + dt.timedelta(days=100),
                   start + dt.timedelta(days=round(100 * late)))


FIVE = [done("a", 1.0, late=1.0), done("a", 1.1, late=1.2), done("b", 1.2, late=1.3),
        done("b", 1.5, late=1.5), done("c", 2.0, late=2.0)]


def test_hand_worked_uplifts():
    # cost ratios 1.0, 1.1, 1.2, 1.5, 2.0: P50 = 1.2; P80 at position 0.8 × 4 = 3.2: 1.5 + 0.2 × 0.5 = 1.6
    # duration ratios 1.0, 1.2, 1.3, 1.5, 2.0: P50 = 1.3; P80 = 1.5 + 0.2 × 0.5 = 1.6
    stats = rc.class_statistics(FIVE)["it-platform"]
    assert stats == {"n": 5, "clients": 3, "usable": True, "cost_uplift_p50": 1.2, "cost_uplift_p80": 1.6,
                     "duration_uplift_p50": 1.3, "duration_uplift_p80": 1.6}


@pytest.mark.parametrize("members", [FIVE[:4],  # 4 initiatives from 3 clients
                                     [done("a", 1.0), done("a", 1.1), done("b", 1.2), done("b", 1.5),
                                      done("b", 2.0)]])  # 5 from 2 clients
def test_a_thin_class_is_not_used(members):
    stats = rc.class_statistics(members)
    entry = stats["it-platform"]
    assert entry["usable"] is False and "cost_uplift_p50" not in entry
    b = Baseline("I1", "New platform", 500_000, D(2026, 1, 1), D(2026, 12, 31), category="it-platform")
    assert rc.outside_view(b, stats) is None


def test_outside_view_applies_the_uplifts_to_the_baseline():
    stats = rc.class_statistics(FIVE)
    b = Baseline("I1", "New platform", 500_000, D(2026, 1, 1), D(2026, 4, 11), category="it-platform")  # 100 d
    view = rc.outside_view(b, stats)
    assert view.cost_p50 == pytest.approx(600_000) and view.cost_p80 == pytest.approx(800_000)
    assert view.finish_p50 == D(2026, 1, 1) + dt.timedelta(days=130)
    assert view.finish_p80 == D(2026, 1, 1) + dt.timedelta(days=160)
    assert rc.position(550_000, view).startswith("optimistic")
    assert rc.position(700_000, view).startswith("within")
    assert rc.position(900_000, view).startswith("cautious")


def test_only_the_clients_own_categories_leave_and_no_individual_figure():
    stats = rc.class_statistics(FIVE + [done("z", 9.87654, category="secret-category")])
    mine = rc.for_categories(stats, ["it-platform", None])
    assert list(mine) == ["it-platform"]
    assert "9.87" not in repr(mine) and "secret" not in repr(mine)
    assert "z" not in {str(v) for v in mine["it-platform"].values()}


def test_rows_without_a_usable_ratio_do_not_count():
    odd = [rc.Done("a", "x", 0, 10, None, None, None), rc.Done("a", "x", 100, None, None, None, None)]
    assert rc.class_statistics(odd) == {}
