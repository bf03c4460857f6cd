"""The benefits deliverable's sentences: three to five findings in plain words with numbers
(value, risk, trend, the objective furthest behind, the decisions needed) and the text under
each chart that repeats its numbers for screen readers and print."""
from __future__ import annotations

from playbook.benefits.money import UNASSIGNED, promised, shortfall
from playbook.benefits.realisation import NOT_STARTED, Review
from playbook.benefits.text import RAG_WORDS, objective_label, status_counts, text_or
from playbook.benefits.trajectory import AMBER, GREEN, RAGS, RED
from playbook.report.formatting import join_words, money_text


def findings(r: Review) -> list[str]:
    """Three to five findings in plain words with numbers: value, risk, trend, objective, decisions."""
    t = r.table
    if r.empty:
        return ["No benefits are registered yet: add them to benefits.csv (owner, measure, baseline, "
                "target and dates for each) and record measurements in benefit_actuals.csv."]
    f, cur = r.financial, r.currency
    out = []
    if f.priced and f.realisation_pct is not None:
        out.append(f"**{money_text(f.realised_to_date, cur)} of the {money_text(f.planned_to_date, cur)} of value "
                   f"planned to date is realised ({f.realisation_pct:.0f}%)**, across {f.priced} priced benefits; "
                   f"the register promises {money_text(promised(r.benefits), cur)} in total once every target "
                   f"is reached (by {max(r.benefits['due']):%B %Y}).")
    else:
        out.append(f"No money can be put on the {len(t)} benefits yet: give them a value_per_unit to roll "
                   "planned and realised value up.")
    red, amber = t[t["rag"] == RED], t[t["rag"] == AMBER]
    if len(red):
        shown = [f"{row['name']} ({text_or(row['owner'], 'no owner')}, {row['realisation_pct']:.0f}% of plan)"
                 for _, row in red.sort_values("realisation_pct").iterrows()]
        one = len(red) == 1
        out.append(f"**{len(red)} of {len(t)} benefits {'is' if one else 'are'} red**, more than "
                   f"{'its' if one else 'their'} tolerance behind plan: "
                   f"{join_words(shown)}; {len(amber)} more {'is' if len(amber) == 1 else 'are'} amber, "
                   "behind but within tolerance.")
    else:
        out.append(f"No benefit is red; {len(amber)} of {len(t)} {'is' if len(amber) == 1 else 'are'} amber, "
                   "behind plan but within tolerance.")
    misses = t[t["forecast_meets_target"].eq(False)]
    if len(misses):
        green_misses = misses[misses["rag"] == GREEN]
        short = sum(s for s in (shortfall(r.benefits.loc[bid], t.at[bid, "forecast_at_due"])
                                for bid in misses.index) if s and s > 0)
        text = (f"**On the trend of their recent actuals, {len(misses)} benefits will miss their target by "
                f"the due date**" + (f", {money_text(short, cur)} short of the value promised" if short else ""))
        if len(green_misses):
            names = [f"{n} ({text_or(o, 'no owner')})" for n, o in zip(green_misses["name"], green_misses["owner"])]
            verb = "is green today but has" if len(green_misses) == 1 else "are green today but have"
            text += f". {join_words(names)} {verb} stalled"
        out.append(text + ".")
    behind = _objective_behind(r)
    if behind:
        out.append(behind)
    out.append(_decisions(r))
    return out[:5]


def _objective_behind(r: Review) -> str | None:
    """The objective furthest behind in value, and the benefit that holds it back most."""
    priced = r.by_objective[r.by_objective["money_realisation_pct"].notna()]
    priced = priced[(priced.index != UNASSIGNED) & (priced["money_realisation_pct"] < 100)]
    if priced.empty:
        return None
    worst = priced["money_realisation_pct"].idxmin()
    g = priced.loc[worst]
    title = next((objective_label(o) for o in r.objectives if o.id == worst), worst)
    mine = r.table[r.table["objective"] == worst]
    gap = (mine["planned_money_to_date"] - mine["realised_money_to_date"].fillna(0)).dropna()
    a = mine.loc[gap.idxmax()]
    cause = (f"{a['name']} ({text_or(a['owner'], 'no owner')}) is "
             + ("not measured yet" if a["no_actuals"] else f"{RAG_WORDS[a['rag']].lower()}")
             + f", {money_text(gap.max(), r.currency)} behind plan")
    return (f"By objective, **{title}** is furthest behind: {money_text(g['realised_money_to_date'], r.currency)} "
            f"of {money_text(g['planned_money_to_date'], r.currency)} planned to date is realised "
            f"({g['money_realisation_pct']:.0f}%); the largest gap: {cause}.")


def _decisions(r: Review) -> str:
    t = r.table
    asks = []
    red = list(t.index[t["rag"] == RED])
    if red:
        asks.append(f"approve a recovery plan or re-baseline for {join_words([str(i) for i in red])} (red)")
    unowned = list(t.index[t["owner"].isna()])
    if unowned:
        asks.append(f"name an owner for {join_words([str(i) for i in unowned])}")
    stale = [f"{i} ({int(t.at[i, 'days_since_actual'])} days)" for i in t.index[t["stale"].astype(bool)]]
    never = [str(i) for i in t.index[t["no_actuals"].astype(bool) & t["status_note"].ne(NOT_STARTED)]]
    if stale or never:
        parts = ([f"restore measurement of {join_words(stale)}"] if stale else []) + \
                ([f"start measuring {join_words(never)}"] if never else [])
        asks.append(" and ".join(parts))
    if not asks:
        return "No decision is needed: every benefit is on plan, owned and measured."
    return f"**Decisions needed:** {'; '.join(asks)}."


# --- the text under each chart -------------------------------------------------------------

def describe_trajectories(r: Review) -> str:
    counts = r.table["rag"].value_counts()
    return (f"Each panel is one of the {len(r.table)} benefits: planned level with its tolerance band, "
            f"actual measurements and the least-squares forecast to the due date with its 90% interval. "
            + ", ".join(f"{int(counts.get(k, 0))} {k}" for k in RAGS) + ".")


def describe_cumulative(r: Review) -> str:
    f = r.financial
    return (f"Planned against realised value of the {f.priced} priced benefits as of {r.as_of:%d %B %Y}: "
            f"{money_text(f.realised_to_date, r.currency)} realised against "
            f"{money_text(f.planned_to_date, r.currency)} planned; the planned line runs on to the promised "
            f"{money_text(promised(r.benefits), r.currency)}.")


def describe_rag(r: Review) -> str:
    parts = [f"{key}: {status_counts(g)}" for key, g in r.by_objective.iterrows()]
    return "Benefits per objective by status. " + "; ".join(parts) + "."


def describe_value_by_objective(r: Review) -> str:
    parts = [f"{key} {money_text(g['realised_money_to_date'], r.currency)} of "
             f"{money_text(g['planned_money_to_date'], r.currency)}"
             for key, g in r.by_objective.iterrows() if g["priced"]]
    return "Realised against planned value to date per objective: " + "; ".join(parts) + "."
