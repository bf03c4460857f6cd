"""The delivery deliverable's charts, from small frames built off the Review. Colour never
carries meaning alone: every mark has a text label or a shape, and tooltips give the figures."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.delivery.earned_value import trend_frame
from playbook.delivery.review import Review
from playbook.delivery.forecast import likely_late
from playbook.report.formatting import count_text, join_words
from playbook.report.theme import palette

MTA_INITIATIVES = 4


def _day(d) -> str:
    return f"{d.day} {d:%b %Y}"


def quadrant(r: Review) -> alt.Chart:
    """CPI against SPI(t): top right is under budget and ahead; bottom left over and late."""
    rows = [{"id": b.id, "name": b.name, "cpi": s.cpi, "spi_t": s.spi_t, "bac": b.bac,
             "where": ("over budget" if s.cpi < 1 else "under budget") + ", " + ("late" if s.spi_t < 1 else "on time")}
            for b in r.baselines if (s := r.snapshots[b.id]) and s.cpi and s.spi_t]
    data = pd.DataFrame(rows, columns=["id", "name", "cpi", "spi_t", "bac", "where"])
    p = palette()
    lo = min([0.6, *(data["cpi"].tolist() + data["spi_t"].tolist())]) - 0.05
    hi = max([1.3, *(data["cpi"].tolist() + data["spi_t"].tolist())]) + 0.05
    scale = alt.Scale(domain=[lo, hi], zero=False)
    base = alt.Chart(data)
    points = base.mark_circle(aria=False, opacity=0.8, color=p["accent"]).encode(
        x=alt.X("cpi:Q", title="CPI (cost efficiency)", scale=scale),
        y=alt.Y("spi_t:Q", title="SPI(t) (schedule efficiency)", scale=scale),
        size=alt.Size("bac:Q", legend=None, scale=alt.Scale(range=[80, 900])),
        tooltip=[alt.Tooltip("id:N", title="Initiative"), alt.Tooltip("name:N", title="Name"),
                 alt.Tooltip("cpi:Q", title="CPI", format=".2f"), alt.Tooltip("spi_t:Q", title="SPI(t)", format=".2f"),
                 alt.Tooltip("bac:Q", title="Budget", format=",.0f"), alt.Tooltip("where:N", title="Quadrant")])
    labels = base.mark_text(aria=False, dx=12, align="left", color=p["text"], fontSize=11).encode(
        x=alt.X("cpi:Q", scale=scale), y=alt.Y("spi_t:Q", scale=scale), text=alt.Text("id:N"))
    rules = alt.Chart(pd.DataFrame({"v": [1.0]}))
    vline = rules.mark_rule(aria=False, color=p["target"], strokeDash=[4, 3]).encode(x=alt.X("v:Q", scale=scale))
    hline = rules.mark_rule(aria=False, color=p["target"], strokeDash=[4, 3]).encode(y=alt.Y("v:Q", scale=scale))
    return alt.layer(vline, hline, points, labels, width=720, height=400)


def forecast_bars(r: Review) -> alt.Chart:
    """Each initiative's P50–P80 finish as a bar, its baseline finish as a tick."""
    rows = [{"label": f"{b.id} {b.name}", "baseline": b.finish.isoformat(), "p50": f.p50_finish.isoformat(),
             "p80": f.p80_finish.isoformat(), "baseline_text": _day(b.finish), "p50_text": _day(f.p50_finish),
             "p80_text": _day(f.p80_finish), "chance": f"{f.p_on_time:.0%}"}
            for b in r.baselines if (f := r.forecasts[b.id])]
    data = pd.DataFrame(rows)
    p = palette()
    y = alt.Y("label:N", title=None, sort=alt.SortField("p80"))
    tip = [alt.Tooltip("label:N", title="Initiative"), alt.Tooltip("baseline_text:N", title="Baseline finish"),
           alt.Tooltip("p50_text:N", title="P50 finish"), alt.Tooltip("p80_text:N", title="P80 finish"),
           alt.Tooltip("chance:N", title="Chance on time")]
    base = alt.Chart(data)
    bars = base.mark_bar(aria=False, height=12, color=p["accent_light"]).encode(
        x=alt.X("p50:T", title="Finish date", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y")),
        x2="p80:T", y=y, tooltip=tip)
    p50 = base.mark_tick(aria=False, color=p["accent"], thickness=3, size=16).encode(x="p50:T", y=y, tooltip=tip)
    baseline = base.mark_point(aria=False, shape="diamond", filled=True, size=90, color=p["target"]).encode(
        x="baseline:T", y=y, tooltip=tip)
    text = base.mark_text(aria=False, align="left", dx=6, fontSize=10, color=p["muted"]).encode(
        x="p80:T", y=y, text=alt.Text("chance:N"))
    return alt.layer(bars, p50, baseline, text, width=640, height=alt.Step(24))


def milestone_trend(r: Review) -> alt.Chart | None:
    """The milestone trend analysis: forecast date against report date; a flat line is a
    milestone holding, a rising one slipping. The initiatives with the most slip are shown."""
    slipped = sorted({t.initiative for t in r.trends if t.longest_run >= 1},
                     key=lambda i: -max(t.delay_days for t in r.trends if t.initiative == i))[:MTA_INITIATIVES]
    rows = [{"initiative": t.initiative, "milestone": t.milestone, "series": f"{t.initiative} · {t.milestone}",
             "reported": rep.isoformat(), "forecast": fc.isoformat(), "reported_text": _day(rep),
             "forecast_text": _day(fc), "baseline_text": _day(t.baseline)}
            for t in r.trends if t.initiative in slipped for rep, fc in t.forecasts]
    if not rows:
        return None
    data = pd.DataFrame(rows)
    tip = [alt.Tooltip("series:N", title="Milestone"), alt.Tooltip("reported_text:N", title="Report"),
           alt.Tooltip("forecast_text:N", title="Forecast"), alt.Tooltip("baseline_text:N", title="Baseline")]
    return alt.Chart(data).mark_line(aria=False, point=alt.OverlayMarkDef(aria=False, filled=True)).encode(
        x=alt.X("reported:T", title="Report date", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y")),
        y=alt.Y("forecast:T", title="Forecast date", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y")),
        color=alt.Color("series:N", title="Milestone", legend=alt.Legend(orient="bottom", columns=2)),
        strokeDash=alt.StrokeDash("milestone:N", legend=None), tooltip=tip,
    ).properties(width=720, height=300)


def drifting(r: Review, gap: float = 0.1) -> list[str]:
    """Initiatives whose SPI has drifted back towards 1 while SPI(t) keeps the delay."""
    return [b.id for b in r.baselines if (s := r.snapshots[b.id]) and s.spi and s.spi_t and s.spi - s.spi_t > gap]


def spi_drift(r: Review) -> alt.Chart | None:
    """SPI against SPI(t), report by report: late in a project SPI returns to 1 (all value is
    eventually earned), SPI(t) does not (the time lost stays lost)."""
    ids = drifting(r)
    rows = [{"initiative": i, "date": row["date"].isoformat(), "when": _day(row["date"]), "index": name,
             "value": row[col]}
            for i in ids for _, row in trend_frame(r.baseline(i), r.reports).iterrows()
            for name, col in (("SPI", "spi"), ("SPI(t)", "spi_t")) if row[col] is not None]
    if not rows:
        return None
    data = pd.DataFrame(rows)
    return alt.Chart(data).mark_line(aria=False, point=alt.OverlayMarkDef(aria=False, filled=True)).encode(
        x=alt.X("date:T", title="Report date", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y")),
        y=alt.Y("value:Q", title="Index (1 = on plan)", scale=alt.Scale(zero=False)),
        color=alt.Color("initiative:N", title="Initiative"),
        strokeDash=alt.StrokeDash("index:N", title="Index"),
        tooltip=[alt.Tooltip("initiative:N", title="Initiative"), alt.Tooltip("when:N", title="Report"),
                 alt.Tooltip("index:N", title="Index"), alt.Tooltip("value:Q", title="Value", format=".2f")],
    ).properties(width=720, height=260)


def risk_heatmap(r: Review) -> alt.Chart:
    """Open risks by probability and impact: the count in each cell, owners in the tooltip."""
    cells = {}
    for risk in r.risks:
        if risk.is_open:
            cell = cells.setdefault((risk.probability, risk.impact), [])
            cell.append(f"{risk.id} ({risk.owner or 'no owner'})")
    rows = [{"probability": p_, "impact": i, "count": len(cells.get((p_, i), [])),
             "risks": "; ".join(cells.get((p_, i), []))[:200] or "none"} for p_ in range(1, 6) for i in range(1, 6)]
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(x=alt.X("impact:O", title="Impact (1–5)"),
                                  y=alt.Y("probability:O", title="Probability (1–5)", sort="descending"))
    rect = base.mark_rect(aria=False, stroke="white").encode(
        color=alt.Color("count:Q", title="Open risks", scale=alt.Scale(scheme="oranges")),
        tooltip=[alt.Tooltip("probability:O", title="Probability"), alt.Tooltip("impact:O", title="Impact"),
                 alt.Tooltip("count:Q", title="Open risks"), alt.Tooltip("risks:N", title="Risks (owner)")])
    text = base.mark_text(aria=False, fontSize=12).encode(text=alt.Text("count:Q"))
    return alt.layer(rect, text, width=420, height=300)


def capacity_heatmap(r: Review) -> alt.Chart | None:
    """Team × month utilisation; over-allocated months carry a ▲ and their demand in words."""
    t = r.capacity
    if not len(t):
        return None
    data = pd.DataFrame({
        "team": t["team"], "month": [f"{m:%Y-%m}" for m in t["month"]],
        "utilisation": [round(u * 100) if u is not None else None for u in t["utilisation"]],
        "label": [f"{'▲' if o else ''}{u * 100:.0f}%" if u is not None else "" for u, o in zip(t["utilisation"], t["over"])],
        "demand": t["demand"], "capacity": t["capacity"],
        "causes": ["; ".join(c) if c else "within capacity" for c in t["causes"]]})
    base = alt.Chart(data).encode(x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-45)),
                                  y=alt.Y("team:N", title=None))
    rect = base.mark_rect(aria=False, stroke="white").encode(
        color=alt.Color("utilisation:Q", title="Utilisation %", scale=alt.Scale(scheme="blues", domain=[0, 120],
                                                                                 clamp=True)),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("month:O", title="Month"),
                 alt.Tooltip("demand:Q", title="Demand FTE", format=".1f"),
                 alt.Tooltip("capacity:Q", title="Capacity FTE", format=".0f"),
                 alt.Tooltip("causes:N", title="Overloaded by")])
    text = base.mark_text(aria=False, fontSize=9).encode(
        text=alt.Text("label:N"),
        color=alt.condition("datum.utilisation > 95", alt.value("white"), alt.value(palette()["text"])))
    return alt.layer(rect, text, height=alt.Step(32), width=alt.Step(44))


def _ids(ids: list[str]) -> str:
    return join_words(ids[:4]) + (f" and {len(ids) - 4} more" if len(ids) > 4 else "")


def title_quadrant(r: Review) -> str:
    """Each chart's title states its finding; the caption says how to read it."""
    reporting = [s for s in r.snapshots.values() if s and s.cpi and s.spi_t]
    behind = [b.id for b in r.baselines if (s := r.snapshots[b.id]) and s.cpi and s.spi_t and s.cpi < 1 and s.spi_t < 1]
    if not behind:
        return f"None of the {count_text(len(reporting), 'reporting initiative')} is both over budget and late"
    return f"{_ids(behind)}: over budget and late, of {count_text(len(reporting), 'reporting initiative')}"


def title_drift(r: Review) -> str:
    ids = drifting(r)
    return (f"{_ids(ids)} {'looks' if len(ids) == 1 else 'look'} closer to plan by the usual schedule index than "
            f"{'it is' if len(ids) == 1 else 'they are'}: the time-based index keeps the delay")


def title_forecast(r: Review) -> str:
    late = [b.id for b in r.baselines if likely_late(r.forecasts[b.id])]
    if not late:
        return "Every initiative is likely to finish by its baseline date"
    return f"{_ids(late)} likely to finish more than two weeks after the baseline"


def title_milestones(r: Review) -> str:
    slipping = sorted({t.initiative for t in r.trends if t.slipping})
    if not slipping:
        return "No milestone has slipped in consecutive reports"
    return f"Milestones of {_ids(slipping)} keep slipping, report after report"


def title_risks(r: Review) -> str:
    open_ = [x for x in r.risks if x.is_open]
    high = [x.id for x in open_ if x.exposure >= 12]
    return (f"{count_text(len(high), 'open risk')} of {len(open_)} in the high-exposure corner" if high
            else f"None of the {count_text(len(open_), 'open risk')} is in the high-exposure corner")


def title_capacity(r: Review) -> str:
    t = r.capacity
    over = t[t["over"]] if len(t) else t
    if not len(over):
        return "Every team stays within its capacity in every month"
    teams = sorted(set(over["team"]))
    return f"{join_words(teams)} over-allocated in {count_text(len(over), 'team-month')}"


def describe_quadrant(r: Review) -> str:
    n = sum(1 for s in r.snapshots.values() if s and s.cpi and s.spi_t)
    behind = [b.id for b in r.baselines if (s := r.snapshots[b.id]) and s.cpi and s.spi_t and s.cpi < 1 and s.spi_t < 1]
    return (f"{n} reporting initiatives by cost efficiency (CPI) and schedule efficiency (SPI(t)); size is budget. "
            f"Over budget and late (below both lines): {', '.join(behind) or 'none'}.")


def describe_forecast(r: Review) -> str:
    return (f"Likely (P50) to cautious (P80) finish across {r.settings.draws:,} simulated futures per initiative, against the "
            "baseline finish (diamond); the label is the chance of finishing on or before the baseline.")


def describe_risks(r: Review) -> str:
    open_ = [x for x in r.risks if x.is_open]
    high = [x.id for x in open_ if x.exposure >= 12]
    return f"{len(open_)} open risks by probability and impact; exposure 12 or more: {', '.join(high) or 'none'}."
