"""Decision first: the charter's governing thought, its findings ordered by what most needs the
executive (risks first, the cost case last), the decisions requested (what, who decides, by
when) and the next steps (what, who, by when).

Each risk is a Point with a rank: blocked access outranks falling feedback, which outranks the
meeting load, the retainer's use, the plan's slips, decision rights, success measures and the
positioning. Dates come from the cadence (the next sponsor or steering meeting after the as-of
date) and owners from the sponsor, the stakeholders and the decision rights.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding import people, progress
from playbook.onboarding.cost import cost_effectiveness
from playbook.onboarding.findings import COST_INPUTS
from playbook.onboarding.governance import _stream_gaps, raci_check, raci_gaps, streams
from playbook.onboarding.hours import MEETING_LIMIT, meeting_load
from playbook.onboarding.objectives import OBJECTIVE_FIELDS, check, label, objective_issues
from playbook.onboarding.positioning import positioning
from playbook.onboarding.templates import wording
from playbook.onboarding.text import fmt_hours, lower_first, money, percent
from playbook.report.formatting import count_text, date_text, join_words, number_text
from playbook.report.notebook import Decision

MAX_FINDINGS, MAX_DECISIONS, STEP_HORIZON_DAYS = 5, 4, 30


@dataclass(frozen=True)
class Delivered:
    """The retainer as delivered (the practice review's figures), where the notebook has them."""

    over_use: bool = False
    over: float | None = None  # hours over the allowance to date (weeks stand alone unless hours roll over)
    used: float | None = None
    allowance: float | None = None
    contracted: float | None = None
    runs_out_week: float | None = None
    weeks: int | None = None
    meeting_share: float | None = None
    meetings_over: bool = False
    falling: bool = False
    nps: tuple[float, ...] = ()

    @classmethod
    def from_results(cls, r: Mapping[str, Any] | None) -> "Delivered":
        r = r or {}
        h, m, f = r.get("hours") or {}, r.get("meetings") or {}, r.get("feedback") or {}
        return cls(bool(h.get("over_use")), h.get("over"), h.get("used"), h.get("allowance_to_date"), h.get("contracted"),
                   h.get("runs_out_week"), h.get("weeks"), m.get("share"), bool(m.get("over_limit")),
                   bool(f.get("falling")), tuple(x for x in f.get("nps_by_round") or [] if x is not None))


@dataclass(frozen=True)
class Point:
    """One finding: its rank (lower needs the executive more), the sentence, and a short phrase
    for the governing thought; decisions it asks for go with it."""

    rank: int
    text: str
    short: str
    decisions: list[Decision] = field(default_factory=list)


def _when(m: people.Meeting) -> dt.date:
    return m.on


def _access(c: Client, as_of: dt.date) -> list[Point]:
    blocked = [r for r in c.resources if r.status == "blocked"]
    if not blocked:
        return []
    first, decide_by = blocked[0], _when(people.by_steering(c, as_of))
    owner = people.stakeholder(c, first.owner)
    resisting = [s for s in c.stakeholders if people.resists(s)]
    if people.resists(owner):
        which = "the one" if len(resisting) == 1 else f"one of {len(resisting)}"
        who = f"{owner.name} ({first.owner}), {which} high-influence stakeholder{'s' if len(resisting) > 1 else ''} " \
              f"who resist{'s' if len(resisting) == 1 else ''} the engagement"
        short = f"{first.item} is blocked by {which} resistant senior stakeholder"
    else:
        who = f"its owner, {people.named(c, first.owner)}" if first.owner else "no owner named"
        short = f"{first.item} is blocked"
    more = f" ({count_text(len(blocked) - 1, 'more item')} blocked too)" if len(blocked) > 1 else ""
    text = (f"**{first.item} is blocked** by {who}{more}: until it is granted, the work rests on what people "
            "say rather than on the data.")
    asks = [Decision(f"Unblock {r.item}, held by {people.named(c, r.owner)}" if r.owner else f"Unblock {r.item}",
                     people.sponsor(c), decide_by) for r in blocked]
    return [Point(0, text, short, asks)]


def _feedback(c: Client, d: Delivered, as_of: dt.date) -> list[Point]:
    if not d.falling or len(d.nps) < 3:
        return []
    trail = ", then ".join(f"{x:+.0f}".replace("+0", "0").replace("-", "−") for x in d.nps[-3:])
    text = (f"**Client feedback has fallen two rounds running** (net promoter score {trail}): the people the "
            "engagement serves are losing confidence in it.")
    ask = Decision("Agree with the consultant what changes in the engagement to win back the client's people",
                   people.sponsor(c), _when(people.by_steering(c, as_of)))
    return [Point(1, text, "client feedback has fallen two rounds running", [ask])]


def _meetings(c: Client, d: Delivered, as_of: dt.date) -> list[Point]:
    load = meeting_load(c)
    actual = (f"; as delivered, meetings took {percent(d.meeting_share, MEETING_LIMIT)} of the hours used"
              if d.meeting_share is not None else "")
    if load.warning:
        limit = load.contracted_hours_per_month * MEETING_LIMIT
        text = (f"**Meetings take {percent(load.share, MEETING_LIMIT)} of the contracted hours** "
                f"({fmt_hours(load.hours_per_month)} of {load.contracted_hours_per_month:.0f} hours a month), over the "
                f"{MEETING_LIMIT:.0%} limit{actual}: too little time is left for the work itself.")
        ask = Decision(f"Cut the consultant's meetings from {fmt_hours(load.hours_per_month)} to at most "
                       f"{number_text(limit)} hours a month", people.sponsor(c), _when(people.by_steering(c, as_of)))
        return [Point(2, text, f"meetings take {percent(load.share, MEETING_LIMIT)} of the hours", [ask])]
    if d.meetings_over:
        text = (f"**Meetings took {percent(d.meeting_share, MEETING_LIMIT)} of the hours used**, over the "
                f"{MEETING_LIMIT:.0%} limit, although the agreed calendar plans for less.")
        return [Point(2, text, f"meetings took {percent(d.meeting_share, MEETING_LIMIT)} of the hours")]
    return []


def _hours(c: Client, d: Delivered, as_of: dt.date) -> list[Point]:
    if not d.over_use or not d.over or not d.allowance:
        return []
    over = d.over / d.allowance
    text = (f"**The hours run {percent(over)} over the retainer**: {number_text(d.over)} hours beyond the "
            f"{number_text(d.allowance, 0)} allowed to date")
    if d.runs_out_week and d.weeks and d.contracted:
        text += (f"; at this rate the {number_text(d.contracted, 0)} contracted hours run out in week "
                 f"{d.runs_out_week:.0f} of {d.weeks}")
    ask = Decision("Add hours to the retainer or narrow the scope before the contracted hours run out",
                   people.sponsor(c), _when(people.by_steering(c, as_of)))
    return [Point(3, text + ".", f"the hours run {percent(over)} over the retainer", [ask])]


def slip_text(s: progress.Slip) -> str:
    """One late task in a sentence: when it was done against the plan, or what is still missing."""
    if s.status == progress.DONE_LATE and s.on is not None:
        return f"{s.task}: done on {date_text(s.on)}, {count_text(s.days, 'day')} after the planned {date_text(s.due)}"
    if s.status == progress.DONE_LATE:
        return f"{s.task}: done {count_text(s.days, 'day')} after the planned {date_text(s.due)}"
    return f"{s.task}: due {date_text(s.due)}, and {lower_first(s.note)}"


def _plan(c: Client, table: pd.DataFrame, as_of: dt.date) -> list[Point]:
    slips = progress.slips(table)
    if not slips:
        return []
    late = [s for s in slips if s.status == progress.LATE]
    text = f"**The 90-day plan is behind**: {'; '.join(slip_text(s) for s in slips)}."
    asks = []
    for row in table[(table["status"] == progress.LATE) & (table["check"] == "decisions")].itertuples():
        decider = people.accountable_for(c, "priorit", "fund", "invest", "budget")
        asks.append(Decision(f"Take the fund, defer or stop decisions: {lower_first(row.note)} "
                             f"(planned by {date_text(row.due)})",
                             people.named(c, decider) if decider else people.sponsor(c),
                             _when(people.by_steering(c, as_of))))
    short = (f"{count_text(len(late), 'plan milestone')} {'is' if len(late) == 1 else 'are'} overdue" if late
             else f"{count_text(len(slips), 'plan milestone')} slipped")
    return [Point(4, text, short, asks)]


def _raci(c: Client, as_of: dt.date) -> list[Point]:
    check = raci_check(c)
    gaps = check[check["gap"] != ""]
    if check.empty or gaps.empty:
        return []
    named = [f"{r.workstream} ({r.gap})" for r in gaps.itertuples()]
    text = (f"**{len(gaps)} of {len(check)} workstreams {'lacks' if len(gaps) == 1 else 'lack'} clear decision "
            f"rights**: {join_words(named)}; each needs exactly one accountable person and at least one "
            "responsible for the work.")
    fixes = []
    for stream in streams(c):
        row = c.raci.get(stream) or {}
        for tag, _ in _stream_gaps(stream, row):
            if tag.endswith(" accountable") and tag[0].isdigit():
                both = join_words([n for n, letter in row.items() if letter == "A"])
                fixes.append(f"one accountable person for {stream} (now {both})")
            elif tag == "no responsible":
                fixes.append(f"who is responsible for {stream}")
            else:
                fixes.append(f"who is accountable for {stream}")
    ask = Decision("Name " + join_words(fixes), people.sponsor(c), _when(people.by_steering(c, as_of)))
    return [Point(5, text, f"{count_text(len(gaps), 'workstream')} {'lacks' if len(gaps) == 1 else 'lack'} "
                           "clear decision rights", [ask])]


def _objectives(c: Client, as_of: dt.date) -> list[Point]:
    issues = objective_issues(c, as_of)
    if not issues:
        return []
    if not c.objectives:
        return [Point(6, f"**{issues[0]}.**", "no objectives are agreed",
                      [Decision("Agree the objectives the engagement will be judged on", people.sponsor(c),
                                _when(people.by_steering(c, as_of)))])]
    asks, n = [], 0
    for o in c.objectives:
        missing, found = check(o, as_of)
        n += bool(found)
        if missing:
            owner = people.named(c, o.owner) if o.owner else people.sponsor(c)
            asks.append(Decision(f"Set the {join_words([OBJECTIVE_FIELDS[m] for m in missing])} of {label(o)}",
                                 owner, _when(people.by_steering(c, as_of))))
    text = (f"**{n} of {count_text(len(c.objectives), 'objective')} cannot yet measure success**: "
            f"{'; '.join(issues[:3])}.")
    return [Point(6, text, f"{count_text(n, 'objective')} cannot yet measure success", asks[:1])]


def _positioning(c: Client, as_of: dt.date) -> list[Point]:
    place = positioning(c)
    if not place.flag or not place.reasons:
        return []
    verdict = wording(c).verdicts.traditional
    line = {"it": "IT"}.get(c.engagement.reporting_line or "", c.engagement.reporting_line or "its current line")
    ask = Decision(f"Keep the reporting line into {line}, or move it to the executive who makes the investment "
                   "choices", people.sponsor(c), _when(people.by_steering(c, as_of)))
    return [Point(7, f"**{verdict}**: {lower_first(place.reasons[0])}.", lower_first(verdict), [ask])]


def cost_point(c: Client) -> str:
    """The cost case, honestly: the total, the share of a role, and the hourly premium with what it buys."""
    e, costs, w = c.engagement, cost_effectiveness(c), wording(c)
    if costs.cost_ratio is None:
        needs = join_words([COST_INPUTS.get(m, m) for m in costs.missing])
        if costs.fractional_cost is not None:
            return (f"**The engagement costs {money(c, costs.fractional_cost)} over {e.weeks} weeks** (one-off); "
                    f"the comparison with {w.full_time} needs {needs}.")
        return f"**The cost case is not made yet**: {needs} {'is' if len(costs.missing) == 1 else 'are'} not agreed."
    return (f"**The engagement costs {money(c, costs.fractional_cost)} over {e.weeks} weeks** (one-off), "
            f"{percent(costs.cost_ratio)} of the {money(c, costs.full_time_cost_same_term)} {w.full_time} would cost "
            f"over the same weeks, for {number_text(costs.fte_equivalent)} of the hours: each hour costs "
            f"{number_text(costs.hourly_premium)} times a full-time hour. The premium buys {w.premium_buys}.")


def _good_news(c: Client, as_of: dt.date) -> list[str]:
    out = []
    if streams(c) and not raci_gaps(c):
        out.append(f"**All {count_text(len(streams(c)), 'workstream')} have one accountable person** and at least "
                   "one responsible for the work.")
    if c.objectives and not objective_issues(c, as_of):
        out.append(f"**All {count_text(len(c.objectives), 'objective')} can measure success**: each has a measure, "
                   "unit, baseline, target, due date and owner.")
    place = positioning(c)
    if not place.flag and place.reasons:
        out.append(f"**{getattr(wording(c).verdicts, place.type)}**: {lower_first(place.reasons[0])}.")
    return out


@dataclass(frozen=True)
class Brief:
    governing: str
    findings: list[str]
    decisions: list[Decision]
    points: list[Point]


def risks(c: Client, as_of: dt.date, plan: pd.DataFrame, delivered: Delivered | None = None) -> list[Point]:
    """Every risk the charter's data shows, most pressing first."""
    d = delivered or Delivered()
    found = [*_access(c, as_of), *_feedback(c, d, as_of), *_meetings(c, d, as_of), *_hours(c, d, as_of),
             *_plan(c, plan, as_of), *_raci(c, as_of), *_objectives(c, as_of), *_positioning(c, as_of)]
    return sorted(found, key=lambda p: p.rank)


def governing_thought(c: Client, points: list[Point], decisions: list[Decision]) -> str:
    if not points:
        return (f"The engagement is set up to succeed: decision rights, success measures and access are in place, "
                f"and the sponsor's sign-off below confirms the charter by {date_text(decisions[0].by)}.")
    lead = join_words([p.short for p in points[:2]])
    last = max(d.by for d in decisions)
    return (f"{lead[0].upper()}{lead[1:]}: the engagement needs {count_text(len(decisions), 'decision')} "
            f"from its executives by {date_text(last)} to stay on course.")


def brief(c: Client, as_of: dt.date, plan: pd.DataFrame, delivered: Delivered | None = None) -> Brief:
    """The summary: a governing sentence, 3-5 findings (risks first, the cost case last) and the
    decisions requested, at most MAX_DECISIONS, in the order of the risks they answer."""
    points = risks(c, as_of, plan, delivered)
    shown = points[:MAX_FINDINGS - 1]
    findings = [p.text for p in shown]
    findings += _good_news(c, as_of)[:max(0, MAX_FINDINGS - 1 - len(findings))]
    findings.append(cost_point(c))
    decisions = [d for p in points for d in p.decisions][:MAX_DECISIONS]
    if not decisions:
        decisions = [Decision("Sign off the charter: objectives, decision rights, meeting calendar and access",
                              people.sponsor(c), _when(people.by_steering(c, as_of)))]
    return Brief(governing_thought(c, shown, decisions), findings, decisions, points)


def next_steps(c: Client, as_of: dt.date, plan: pd.DataFrame) -> pd.DataFrame:
    """What happens next, each with an owner and a date: access still awaited, plan tasks that are
    late or to confirm, and those due within the next STEP_HORIZON_DAYS days."""
    consultant = c.engagement.consultant or "The consultant"
    sponsor_at, steering_at = _when(people.by_sponsor(c, as_of)), _when(people.by_steering(c, as_of))
    rows = [(f"{'Unblock' if r.status == 'blocked' else 'Provide'}: {r.item}", people.named(c, r.owner), sponsor_at)
            for r in c.resources if r.status in ("blocked", "requested")]
    horizon = as_of + dt.timedelta(days=STEP_HORIZON_DAYS)
    for t in plan.itertuples():
        if t.status == progress.LATE:
            rows.append((f"{t.task} (planned by {date_text(t.due)})", consultant, steering_at))
        elif t.status == progress.TO_CONFIRM:
            rows.append((f"Confirm this is done: {lower_first(t.task)}", consultant, sponsor_at))
        elif t.status == progress.DUE and t.due <= horizon:
            rows.append((t.task, consultant, t.due))
    rows.sort(key=lambda r: r[2])
    return pd.DataFrame(rows, columns=["Next step", "Owner", "By"])
