"""The executive summary of the delivery review: a governing sentence, up to four findings in
plain words with numbers, and the decisions requested (what, who decides, by when)."""
from __future__ import annotations

from typing import Iterable

from playbook.delivery.forecast import likely_late, likely_over
from playbook.delivery.review import Review
from playbook.report.formatting import money_text, number_text, percent_text
from playbook.report.notebook import Decision

WHAT_TO_COLLECT = (
    "No delivery data yet. To track the work under way, collect for each approved or in-flight "
    "initiative in portfolio.csv its status, start, finish and cost; then a monthly "
    "status_reports.csv (initiative, date, percent_complete, actual_cost, forecast_finish, rag, "
    "commentary), milestones.csv (initiative, milestone, baseline, reported, forecast, actual) and "
    "risks.csv (id, initiative, title, owner, probability, impact, status, raised, due, and three-point "
    "cost and days impacts).")


def names(items: Iterable[str], limit: int = 4) -> str:
    items = list(items)
    shown = items[:limit] + ([f"{len(items) - limit} more"] if len(items) > limit else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] if shown else ""


def _index(value: float | None) -> str:
    return "n/a" if value is None else number_text(value, 2)


def portfolio_sentence(r: Review) -> str:
    p, m = r.portfolio, (lambda v: money_text(v, r.currency))
    assert p is not None
    text = (f"**{p.initiatives} committed initiatives with a budget of {m(p.bac)}**: {p.reporting} report "
            f"progress, with {m(p.ev)} of work done for {m(p.ac)} spent (CPI {_index(p.cpi)}) and "
            f"SPI(t) {_index(p.spi_t)}")
    if p.cpi is not None and p.ac > 0:
        verb = "over" if p.vac < 0 else "under"
        text += f"; at the efficiency so far the work costs {m(p.eac)}, {m(abs(p.vac))} {verb} budget"
    return text + "."


def late_and_over_sentence(r: Review) -> str:
    late = [f"{b.id} {b.name} ({r.forecasts[b.id].p_on_time:.0%} chance by {b.finish:%-d %b %Y}, "
            f"P80 {r.forecasts[b.id].p80_finish:%-d %b %Y})"
            for b in r.baselines if likely_late(r.forecasts[b.id])]
    over = [f"{b.id} ({money_text(r.forecasts[b.id].p50_cost - b.bac, r.currency)} over at P50)"
            for b in r.baselines if likely_over(r.forecasts[b.id])]
    if not late and not over:
        return "**No initiative is forecast to finish late or over budget** at P50 with its open risks."
    parts = []
    if late:
        parts.append(f"**{len(late)} likely to finish late**: {names(late, 3)}")
    if over:
        parts.append(f"**{len(over)} forecast over budget**: {names(over, 4)}")
    return "; ".join(parts) + f" (across {r.settings.draws:,} simulated futures, each open risk included)."


def warning_sentence(r: Review) -> str | None:
    flagged = sorted((w for w in r.warnings.values() if w.score > 0), key=lambda w: (-w.score, w.initiative))
    if not flagged:
        return None
    melons = [w.initiative for w in flagged if w.watermelon]
    top = flagged[0]
    text = (f"**Early warning on {len(flagged)} initiatives**; highest score {top.initiative} "
            f"({top.score:g}: {top.warnings[0]})")
    if melons:
        text += f". Reported green but not green inside: {names(melons)}"
    return text + "."


def capacity_sentence(r: Review) -> str | None:
    over = r.capacity[r.capacity["over"].astype(bool)] if len(r.capacity) else r.capacity
    if not len(over):
        return None
    parts = []
    for team, g in over.groupby("team", sort=False):
        worst = g.loc[(g["demand"] - g["capacity"]).idxmax()]
        parts.append(f"{team} in {len(g)} month{'s' if len(g) > 1 else ''} (worst {worst['month']:%b %Y}: "
                     f"{worst['demand']:.1f} FTE against {worst['capacity']:.0f}, mostly "
                     f"{worst['causes'][0].split(' ')[0]})")
    return "**Over-allocated**: " + "; ".join(parts) + "."


DECISIONS_SHOWN = 5


def governing(r: Review) -> str:
    """The one sentence an executive reads if they read nothing else."""
    if r.empty:
        return "There is no delivery data yet, so nobody can yet say how the committed work is doing."
    p = r.portfolio
    late = sum(likely_late(f) for f in r.forecasts.values())
    over = sum(likely_over(f) for f in r.forecasts.values())
    pace = []
    if p.cpi and p.eac:  # the forecast cost of the table against the budget
        pace.append(f"cost {percent_text(abs(p.eac / p.bac - 1))} {'more' if p.eac > p.bac else 'less'} than planned")
    if p.spi_t:  # and takes the planned duration ÷ SPI(t)
        pace.append(f"take {percent_text(abs(1 / p.spi_t - 1))} {'longer' if p.spi_t < 1 else 'less time'}")
    text = (f"The {money_text(p.bac, r.currency)} of committed work is on course to " + " and ".join(pace)
            if pace else f"The {money_text(p.bac, r.currency)} of committed work is not yet measured")
    if late or over:
        return text + f": {late} initiative{'s' if late != 1 else ''} will finish late and {over} over budget " \
                      "unless you act on the decisions below."
    return text + ", and nothing is forecast to finish late or over budget."


def decisions(r: Review) -> list[Decision]:
    """What, who decides, by when: the most urgent asks, then a pointer to the rest."""
    if r.empty:
        return [Decision("Name who sends the monthly status reports, milestones and the risk register for each "
                         "committed initiative", r.sponsor, r.decide_by)]
    if not r.asks:
        return [Decision("Confirm the plan: nothing needs a decision this period", r.sponsor, r.decide_by)]
    out = [Decision(a.what, a.owner, r.decide_by) for a in r.asks[:DECISIONS_SHOWN]]
    if len(r.asks) > DECISIONS_SHOWN:
        out.append(Decision(f"The {len(r.asks) - DECISIONS_SHOWN} further items under 'What needs you'", r.sponsor,
                            r.decide_by))
    return out


def findings(r: Review) -> list[str]:
    if r.empty:
        return [WHAT_TO_COLLECT]
    out = [portfolio_sentence(r), late_and_over_sentence(r)]
    out += [s for s in (warning_sentence(r), capacity_sentence(r)) if s]
    return out
