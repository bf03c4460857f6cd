"""The benefits deliverable's sentences: the governing thought, three to five findings ordered by
what most needs the executive (off-track benefits first), the decisions requested with who
decides and by when, and the text under each chart that repeats its numbers for screen readers
and print.

Money here is an annual run-rate: a measure's change from baseline priced by its value per unit
is what that change is worth in a year, so every figure says "a year". Only benefits of approved,
in-flight and done work are tracked; a proposal's benefit is reported as such, never escalated.
"""
from __future__ import annotations

import pandas as pd

from playbook.benefits.money import UNASSIGNED, promised, shortfall
from playbook.benefits.realisation import NOT_STARTED, STATUS_WORDS, Review, escalated, flag
from playbook.benefits.text import (RAG_WORDS, pct_text, run_rate, status_counts, text_or,
                                    top_words)
from playbook.benefits.trajectory import AMBER, GREEN, RAGS, RED
from playbook.report.formatting import count_text, date_text, join_words
from playbook.report.notebook import Decision

SHOWN = 3  # names listed in a sentence before "and N more"


def _names(frame: pd.DataFrame, with_pct: bool = False) -> list[str]:
    return [f"{row['name']} ({text_or(row['owner'], 'no owner')}"
            + (f", {pct_text(row['realisation_pct'])} of plan)" if with_pct and pd.notna(row["realisation_pct"])
               else ")") for _, row in frame.iterrows()]


def _promised(r: Review, ids) -> float:
    return promised(r.benefits.loc[list(ids)]) if len(ids) else 0.0


def governing_thought(r: Review) -> str:
    """One sentence: where the benefits stand and what the executive must do about it."""
    if r.empty:
        return "No benefits are registered yet, so none can be tracked: register them before the next review."
    t, f = r.tracked, r.financial
    if t.empty:
        return (f"None of the {len(r.table)} registered benefits is tracked yet: their initiatives are not "
                "approved or under way.")
    money = (f"Benefits of work under way are running at {run_rate(f.realised_to_date, r.currency)} against "
             f"{run_rate(f.planned_to_date, r.currency)} planned by now ({pct_text(f.realisation_pct)})"
             if f.priced and f.realisation_pct is not None else
             f"{count_text(len(t), 'benefit')} of work under way {'is' if len(t) == 1 else 'are'} tracked")
    off = escalated(r)
    if off.empty:
        return money + ", and every one is on or near plan with its forecast reaching the target."
    worst = off.iloc[0]
    short = shortfall(r.benefits.loc[off.index[0]], worst["forecast_at_due"])
    where = (f"at {pct_text(worst['realisation_pct'])} of plan" if worst["rag"] == RED or not short or short <= 0
             else f"forecast to end {run_rate(short, r.currency)} short")
    return money + f"; {len(off)} of {len(t)} need a recovery decision, led by {worst['name']} {where}."


def findings(r: Review) -> list[str]:
    """Three to five findings, worst first: off track, forecast misses, the objective furthest
    behind, the money, and benefits of work that is not under way."""
    if r.empty:
        return ["No benefits are registered yet: for each, add an owner, a measure, its baseline and target and "
                "their dates to the benefits register, then record measurements as they come in."]
    red = (r.tracked["rag"] == RED).any()
    order = (_red(r), _misses(r), _objective_behind(r), _money(r), _not_tracked(r)) if red else \
        (_misses(r), _objective_behind(r), _money(r), _red(r), _not_tracked(r))
    return [s for s in order if s][:5]


def _money(r: Review) -> str:
    f, cur, t = r.financial, r.currency, r.tracked
    if not (f.priced and f.realisation_pct is not None):
        return (f"No money can be put on the {count_text(len(t), 'tracked benefit')} yet: give them a value "
                "per unit to roll planned and realised value up.")
    return (f"**{run_rate(f.realised_to_date, cur)} of the {run_rate(f.planned_to_date, cur)} of value planned "
            f"by now is realised ({pct_text(f.realisation_pct)})**, measured as an annual run-rate across "
            f"{f.priced} priced benefits; {run_rate(_promised(r, t.index), cur)} is promised once every target is "
            f"reached (by {max(r.benefits.loc[t.index, 'due']):%B %Y}).")


def _red(r: Review) -> str:
    t = r.tracked
    red, amber = t[t["rag"] == RED].sort_values("realisation_pct"), t[t["rag"] == AMBER]
    if red.empty:
        return (f"No tracked benefit is red; {len(amber)} of {len(t)} {'is' if len(amber) == 1 else 'are'} "
                "amber, behind plan but within tolerance.")
    one = len(red) == 1
    return (f"**{len(red)} of {len(t)} tracked benefits {'is' if one else 'are'} red**, more than "
            f"{'its' if one else 'their'} tolerance behind plan: {top_words(_names(red, True), SHOWN)}; "
            f"{len(amber)} more {'is' if len(amber) == 1 else 'are'} amber, behind but within tolerance.")


def _misses(r: Review) -> str | None:
    t = r.tracked
    misses = t[t["forecast_meets_target"].eq(False)]
    if misses.empty:
        return None
    short = sum(s for s in (shortfall(r.benefits.loc[bid], t.at[bid, "forecast_at_due"]) for bid in misses.index)
                if s and s > 0)
    out = (f"**On the trend of their recent measurements, {count_text(len(misses), 'benefit')} will miss "
           f"{'its' if len(misses) == 1 else 'their'} target by the due date**"
           + (f", {run_rate(short, r.currency)} short of the run-rate promised" if short else ""))
    green = misses[misses["rag"] == GREEN]
    if len(green):
        verb = "is green today but has" if len(green) == 1 else "are green today but have"
        out += f". {top_words(_names(green), SHOWN)} {verb} stalled"
    return out + "."


def _objective_behind(r: Review) -> str | None:
    """The objective furthest behind in value, and the benefit that holds it back most."""
    priced = r.by_objective[r.by_objective["money_realisation_pct"].notna()]
    priced = priced[(priced.index != UNASSIGNED) & (priced["money_realisation_pct"] < 100)]
    if priced.empty:
        return None
    worst = priced["money_realisation_pct"].idxmin()
    g = priced.loc[worst]
    title = _objective_title(r, worst)
    mine = r.tracked[r.tracked["objective"] == worst]
    gap = (mine["planned_money_to_date"] - mine["realised_money_to_date"].fillna(0)).dropna()
    a = mine.loc[gap.idxmax()]
    cause = (f"{a['name']} ({text_or(a['owner'], 'no owner')}) is "
             + ("not measured yet" if a["no_actuals"] else RAG_WORDS[a["rag"]].lower()
                + (f" but last measured on {date_text(a['latest_date'])}" if a["stale"] else ""))
             + f", {run_rate(gap.max(), r.currency)} behind plan")
    return (f"By objective, **{title}** is furthest behind: {run_rate(g['realised_money_to_date'], r.currency)} "
            f"of {run_rate(g['planned_money_to_date'], r.currency)} planned by now is realised "
            f"({pct_text(g['money_realisation_pct'])}); the largest gap: {cause}.")


def _objective_title(r: Review, key: str) -> str:
    """An objective as the client names it: its title, or its id where it has none."""
    return next((o.title or o.id for o in r.objectives if o.id == key), key)


def _not_tracked(r: Review) -> str | None:
    u = r.untracked
    if u.empty:
        return None
    kinds = join_words(sorted({STATUS_WORDS.get(s, s).split(",")[0] for s in u["initiative_status"]}))
    money = _promised(r, u.index)
    out = (f"{count_text(len(u), 'benefit')} {'belongs' if len(u) == 1 else 'belong'} to work that is not under "
           f"way ({kinds}), so {'it is' if len(u) == 1 else 'they are'} neither tracked nor escalated"
           + (f"; {'it' if len(u) == 1 else 'they'} would be worth {run_rate(money, r.currency)} once delivered"
              if money else "") + f": {top_words(list(u['name']), SHOWN)}")
    measured = conflicts(r)
    if len(measured) == len(u):
        out += (". Yet " + ("it is" if len(u) == 1 else f"all {len(u)} are") +
                " being measured: confirm whether the work is approved")
    elif len(measured):
        out += f". Yet {top_words(list(measured['name']), SHOWN)} {'is' if len(measured) == 1 else 'are'} being " \
               "measured: confirm whether the work is approved"
    return out + "."


def conflicts(r: Review) -> pd.DataFrame:
    """Benefits of a proposal or stopped work that are measured all the same: the portfolio's
    status or the measurements are out of date."""
    u = r.untracked
    return u[~u["no_actuals"].astype(bool)]


def _sponsor(r: Review, sponsor: str | None) -> str:
    return sponsor or "The sponsor"


def decisions(r: Review, sponsor: str | None = None) -> list[Decision]:
    """What the steering meeting is asked to decide, who decides and by when: recovery of the
    off-track benefits first, then owners, measurement and the status of measured proposals."""
    who = _sponsor(r, sponsor)
    meeting, day = r.steering or (None, r.as_of)
    by = f"{date_text(day)} ({meeting})" if meeting else date_text(day)
    if r.empty:
        return [Decision("Agree the benefits each committed initiative must deliver, with an owner, a measure and "
                         "a target", who, by)]
    t = r.tracked
    out = []
    off = escalated(r)
    if len(off):
        out.append(Decision(f"Approve a recovery plan or a new baseline for {top_words(list(off['name']), SHOWN)}",
                            who, by))
    unowned = t[t["owner"].isna()]
    if len(unowned):
        out.append(Decision(f"Name an owner for {top_words(list(unowned['name']), SHOWN)}", who, by))
    stale = t[t["stale"].astype(bool)]
    never = t[t["no_actuals"].astype(bool) & t["status_note"].ne(NOT_STARTED)]
    quiet = pd.concat([stale, never])
    if len(quiet):
        out.append(Decision(f"Have the owners restore or start measuring {top_words(list(quiet['name']), SHOWN)}",
                            who, by))
    measured = conflicts(r)
    if len(measured):
        out.append(Decision(f"Confirm whether the work behind {top_words(list(measured['name']), SHOWN)} is "
                            "approved: these benefits are being measured, but the portfolio lists the work as not "
                            "under way", who, by))
    return out or [Decision("Confirm the benefits plan: every tracked benefit is on plan, owned and measured",
                            who, by)]


# --- the text under each chart -------------------------------------------------------------

def describe_trajectories(r: Review, shown: pd.DataFrame) -> str:
    counts = shown["rag"].value_counts()
    return (f"{count_text(len(shown), 'panel')}, one per tracked benefit, worst first: the planned level with "
            "its tolerance band, the measurements, and the trend of the recent measurements to the due date "
            "with the range it could fall in. "
            + ", ".join(f"{int(counts.get(k, 0))} {RAG_WORDS[k].lower()}" for k in RAGS) + ".")


def trajectories_title(r: Review, shown: pd.DataFrame, page: int) -> str:
    """A panel chart's title: its finding (the worst benefit on the first page, the mix on the rest)."""
    counts = shown["rag"].value_counts()
    told = ", ".join(f"{int(counts[k])} {RAG_WORDS[k].lower()}" for k in RAGS if counts.get(k, 0))
    if page > 1:
        return f"Further tracked benefits, worst first: {told}"
    worst = shown.iloc[0]
    if worst["rag"] in (RED, AMBER):
        return f"{worst['name']} is furthest behind: {pct_text(worst['realisation_pct'])} of plan"
    if flag(worst["forecast_meets_target"]) is False:
        return f"{worst['name']} is on plan today but its trend misses the target"
    return f"No tracked benefit is behind plan: {told}"


def describe_run_rate(r: Review) -> str:
    f = r.financial
    return (f"Annual run-rate of value of the {f.priced} priced tracked benefits as of {date_text(r.as_of)}: "
            f"{run_rate(f.realised_to_date, r.currency)} realised against "
            f"{run_rate(f.planned_to_date, r.currency)} planned; the planned line runs on to the promised "
            f"{run_rate(_promised(r, r.tracked.index), r.currency)}.")


def describe_rag(r: Review) -> str:
    parts = [f"{key}: {status_counts(g)}" for key, g in r.by_objective.iterrows()]
    return "Tracked benefits per objective by status. " + "; ".join(parts) + "."


def describe_value_by_objective(r: Review) -> str:
    parts = [f"{key} {run_rate(g['realised_money_to_date'], r.currency)} of "
             f"{run_rate(g['planned_money_to_date'], r.currency)}"
             for key, g in r.by_objective.iterrows() if g["priced"]]
    return "Realised against planned annual run-rate by now, per objective: " + "; ".join(parts) + "."


def objective_title(r: Review) -> str:
    """The value-by-objective chart's title: its finding."""
    priced = r.by_objective[r.by_objective["money_realisation_pct"].notna() & (r.by_objective.index != UNASSIGNED)]
    if priced.empty:
        return "Planned against realised run-rate by objective"
    worst = priced["money_realisation_pct"].idxmin()
    return (f"{_objective_title(r, worst)} is furthest behind: "
            f"{pct_text(priced.at[worst, 'money_realisation_pct'])} of its planned run-rate realised")


def run_rate_title(r: Review) -> str:
    f = r.financial
    return (f"{pct_text(f.realisation_pct)} of the value planned by now is realised "
            f"({run_rate(f.realised_to_date, r.currency)} of {run_rate(f.planned_to_date, r.currency)})")


def rag_title(r: Review) -> str:
    t = r.tracked
    red = int((t["rag"] == RED).sum())
    objectives = r.by_objective[r.by_objective[RED] > 0]
    if not red:
        return f"No tracked benefit is red across {count_text(len(r.by_objective), 'objective')}"
    return (f"{count_text(red, 'tracked benefit')} {'is' if red == 1 else 'are'} red, under "
            f"{join_words([_objective_title(r, str(k)) for k in objectives.index])}")


def sponsor_name(client) -> str | None:
    """Who decides: the sponsor as client.yaml names them, "Dana Lee (Chief Strategy Officer)"."""
    s = client.sponsor
    if not s or not s.name:
        return None
    return f"{s.name} ({s.title})" if s.title else s.name
