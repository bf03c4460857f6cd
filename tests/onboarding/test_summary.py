"""Decision first: who an owner is, when a decision can be taken, the order of the findings, and
the decisions and next steps with an owner and a date each (hand-worked from the cadence)."""
from __future__ import annotations

import re

import pytest

from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.onboarding import people, progress, summary
from playbook.onboarding.summary import Delivered, brief, next_steps
from tests.onboarding.helpers import D, SCAFFOLD, client, demo


def test_initials_and_owners_resolve_to_stakeholders():
    acme = demo("acme-logistics")
    assert people.initials("Chief Information Officer") == "CIO"
    assert people.initials("Head of Engineering") == "HE"
    assert people.named(acme, "CIO") == "Ravi Menon (CIO)"  # by the title's initials
    assert people.named(acme, "Head of Engineering") == "Mark Owens (Head of Engineering)"  # by the title
    assert people.named(acme, "Priya Shah") == "Priya Shah (Chief Financial Officer)"  # by name
    assert people.named(acme, "Company secretary") == "Company secretary"  # not on the map: as given
    assert people.resists(people.stakeholder(acme, "CIO"))  # influence 4, resistant
    assert not people.resists(people.stakeholder(acme, "CFO"))


def test_occurrences_after_is_strictly_after():
    start = D(2026, 9, 1)  # a fortnightly meeting: 1 Sep, 15 Sep, ..., 27 Oct, 10 Nov
    assert people.occurrences_after(start, 2, D(2026, 11, 1)) == D(2026, 11, 10)
    assert people.occurrences_after(start, 2, D(2026, 10, 27)) == D(2026, 11, 10)  # not the same day
    assert people.occurrences_after(start, 2, D(2026, 10, 26)) == D(2026, 10, 27)
    assert people.occurrences_after(start, 4, D(2026, 8, 1)) == start  # before the start: the first one


def test_decisions_go_to_the_steering_meeting_and_actions_to_the_sponsors():
    acme, as_of = demo("acme-logistics"), D(2026, 11, 1)
    assert people.by_sponsor(acme, as_of) == people.Meeting("Sponsor one-to-one", D(2026, 11, 10))
    assert people.by_steering(acme, as_of) == people.Meeting("Steering committee", D(2026, 11, 24))  # 4-weekly
    # Northwind's cadence has no steering meeting, board or committee: two weeks after 15 November, as the
    # delivery and benefits reviews ask
    assert people.by_steering(demo("northwind-retail"), D(2026, 11, 15)) == people.Meeting("", D(2026, 11, 29))
    helix = demo("helix-health")  # sponsor: Chief Operating Officer -> "COO one-to-one", weekly from Mon 17 Aug
    assert people.by_sponsor(helix, as_of) == people.Meeting("COO one-to-one", D(2026, 11, 2))
    bare = client(cadence=[])
    assert people.by_sponsor(bare, as_of).on == D(2026, 11, 15)  # no meeting: two weeks on


def _brief(client_id: str, delivered: Delivered | None = None):
    c = demo(client_id)
    plan = progress.progress(c, progress.gather(DEFAULT_DATA_DIR / client_id, c.as_of), c.as_of)
    return c, plan, brief(c, c.as_of, plan, delivered)


def test_acme_leads_with_the_blocked_access_owned_by_the_resistant_stakeholder():
    over = Delivered(over_use=True, over=25.2, used=169, allowance=144, contracted=416, runs_out_week=22, weeks=26)
    c, plan, b = _brief("acme-logistics", over)
    assert b.findings[0].startswith("**Jira read access is blocked** by Ravi Menon (CIO), the one high-influence "
                                    "stakeholder who resists the engagement")
    # 25.2 / 144 = 17.5% -> 18%, as the as-delivered section says it
    assert b.findings[1].startswith("**The hours run 18% over the retainer**: 25.2 hours beyond the 144 allowed")
    assert b.findings[2].startswith("**The 90-day plan is behind**: Run the PMO maturity workshop with the "
                                    "leadership team: done on 12 October 2026, 13 days after the planned "
                                    "29 September 2026")
    assert b.findings[-1].startswith("**The engagement costs £57k over 26 weeks** (one-off)")
    assert "1.7 times a full-time hour" in b.findings[-1]
    assert 3 <= len(b.findings) <= 5
    assert [(d.who, d.by) for d in b.decisions] == [  # all by the next steering committee: one deadline
        ("Dana Lee (Chief Strategy Officer)", D(2026, 11, 24)),  # unblock Jira: the sponsor
        ("Dana Lee (Chief Strategy Officer)", D(2026, 11, 24)),  # hours or scope
        ("Priya Shah (Chief Financial Officer)", D(2026, 11, 24)),  # accountable for prioritisation and funding
    ]
    assert b.decisions[0].what == "Unblock Jira read access, held by Ravi Menon (CIO)"
    assert b.governing == ("Jira read access is blocked by the one resistant senior stakeholder and the hours run "
                           "18% over the retainer: the engagement needs 3 decisions from its executives by "
                           "24 November 2026 to stay on course.")


def test_helix_puts_the_meeting_load_before_the_cost_case():
    _, _, b = _brief("helix-health")
    assert b.findings[0].startswith("**Theatre scheduling data is blocked** by Dr Sarah Okafor (Clinical Director)")
    assert b.findings[1].startswith("**Meetings take 35% of the contracted hours** (18.4 of 52 hours a month)")
    assert b.findings[-1].startswith("**The engagement costs $84k")
    assert len(b.findings) == 5 and len(b.decisions) == 4
    # 30% of 12 h × 52/12 = 15.6 hours a month
    assert "Cut the consultant's meetings from 18.4 to at most 15.6 hours a month" in [d.what for d in b.decisions]


def test_northwind_asks_for_decision_rights_and_names_objectives_by_title():
    falling = Delivered(falling=True, nps=(25.0, 0.0, -25.0))
    _, _, b = _brief("northwind-retail", falling)
    assert b.findings[0] == ("**Client feedback has fallen two rounds running** (net promoter score +25, then 0, "
                             "then −25): the people the engagement serves are losing confidence in it.")
    whats = [d.what for d in b.decisions]
    assert ("Name one accountable person for Positioning and brand refresh (now Sofia Lind and Maria Rossi) and "
            "who is responsible for Marketing operations") in whats
    assert len(b.decisions) == summary.MAX_DECISIONS
    for text in b.findings:
        assert not re.search(r"\bO\d\b", text), text  # objectives by title, never by code


def test_every_decision_and_step_has_an_owner_and_a_date():
    for client_id in ("acme-logistics", "helix-health", "northwind-retail"):
        c, plan, b = _brief(client_id)
        assert b.decisions and all(d.who and d.by >= c.as_of for d in b.decisions), client_id
        steps = next_steps(c, c.as_of, plan)
        assert len(steps) and steps["Owner"].astype(bool).all() and (steps["By"] >= c.as_of).all(), client_id
        assert list(steps["By"]) == sorted(steps["By"])


def test_acme_next_steps_hand_worked():
    c, plan, _ = _brief("acme-logistics")
    steps = next_steps(c, c.as_of, plan)
    assert steps.values.tolist()[:2] == [
        ["Unblock: Jira read access", "Ravi Menon (CIO)", D(2026, 11, 10)],
        ["Provide: Business cases of in-flight initiatives", "Mark Owens (Head of Engineering)", D(2026, 11, 10)]]
    assert ["Agree benefit owners, measures and baselines for the funded initiatives", "Sam Patel",
            D(2026, 11, 20)] in steps.values.tolist()  # due within 30 days: by its planned date


def test_a_healthy_engagement_still_asks_for_its_sign_off():
    c = client()
    b = brief(c, D(2026, 11, 1), progress.progress(c, progress.Evidence(initiatives=1), D(2026, 11, 1)))
    assert b.decisions[0].what.startswith("Sign off the charter")
    assert b.decisions[0].who == "Dana Lee (Chief Strategy Officer)"  # the sponsor, by name and title


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_a_scaffold_gets_a_summary_without_numbers_it_was_not_given(role):
    c = SCAFFOLD.model_copy(update={"engagement": SCAFFOLD.engagement.model_copy(update={"role": role})})
    b = brief(c, D(2026, 11, 1), progress.progress(c, progress.Evidence(), D(2026, 11, 1)))
    assert b.decisions and b.decisions[0].who == "The sponsor (not named yet)"
    assert b.decisions[0].by == D(2026, 11, 15)
    assert "not made yet" in b.findings[-1]


def test_a_meeting_more_often_than_daily_sits_the_next_day_not_a_division_by_zero():
    from playbook.intake.client import occurrences_after
    start = D(2026, 9, 1)
    assert occurrences_after(start, 0.01, D(2026, 11, 1)) == D(2026, 11, 2)
    assert occurrences_after(start, 1 / 7, D(2026, 11, 1)) == D(2026, 11, 2)
