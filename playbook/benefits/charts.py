"""The benefits deliverable's charts. Each takes the Review and returns an altair chart built
from small aggregated frames. Colour never carries meaning alone: series differ in dash and
mark too, every status is written out, and money is labelled."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.benefits import money
from playbook.benefits.money import UNASSIGNED
from playbook.benefits.realisation import Review, flag, trajectory
from playbook.benefits.text import benefit_label, objective_label, pct_text, status_text, text_or
from playbook.benefits.text import run_rate as run_rate_text
from playbook.benefits.trajectory import AMBER, GREEN, NO_DATA, RAGS, RED
from playbook.report.formatting import date_text, money_text
from playbook.report.theme import palette, rag_scale

TRAJECTORY_POINTS = 30
_SERIES = ["Plan", "Actual", "Forecast"]
_RAG_LABELS = {"green": "on or ahead of plan", "amber": "behind, within tolerance", "red": "off track",
               "no-data": "no data"}


def _ink(colour: str, factor: float = 0.75) -> str:
    """A darker shade of a fill colour, so status words stay legible as text on white."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in rgb)


def _iso(values: pd.Series) -> list[str]:
    return [d.isoformat() for d in values]


def _day(values: pd.Series) -> list[str]:
    """Dates as tooltips show them; preformatted, so no time zone can shift them a day."""
    return [f"{d:%d %b %Y}" for d in values]


def _date_axis(title: str | None = None) -> alt.X:
    return alt.X("date:T", title=title, scale=alt.Scale(type="utc"),
                 axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4, grid=False))


def _money_axis(currency: str, title: str) -> alt.Axis:
    """Axis labels like £4.9m, from the value in units of money."""
    symbol = money_text(1, currency)[:-1]
    return alt.Axis(title=title, labelExpr=f"(datum.value < 0 ? '−' : '') + '{symbol}' + "
                                           "format(abs(datum.value) / 1e6, '.1f') + 'm'")


def _key(text: str, offset: int = 10) -> alt.Title:
    """The chart's reading key; the figure caption already carries its title."""
    return alt.Title(text, fontSize=11, fontWeight="normal", color=palette()["muted"], offset=offset)


def _objective_names(r: Review) -> dict[str, str]:
    return {**{o.id: objective_label(o) for o in r.objectives}, UNASSIGNED: "No objective"}


def _name_lookup(names: dict[str, str]) -> dict:
    """Objective names joined in the browser from one small table, so no chart row repeats them."""
    table = alt.Data(values=[{"objective": k, "name": v} for k, v in names.items()])
    return {"lookup": "objective", "from_": alt.LookupData(data=table, key="objective", fields=["name"])}


PANELS_PER_CHART = 9  # three rows of three: a chart never runs past one printed page
PANEL_WIDTH, PANEL_HEIGHT = 240, 120  # three panels and their axes fit the 884 px column
_CODES = {"planned": "Plan", "actual": "Actual", "forecast": "Forecast"}


def worst_first(r: Review) -> pd.DataFrame:
    """The tracked benefits in the order the panels show them: red, furthest behind first; then
    forecast misses, amber, not yet measured, and green last."""
    t = r.tracked
    rank = {RED: 0, AMBER: 2, NO_DATA: 3, GREEN: 4}
    key = pd.DataFrame({
        "rank": [1 if a["rag"] != RED and flag(a["forecast_meets_target"]) is False else rank[a["rag"]]
                 for _, a in t.iterrows()],
        "pct": t["realisation_pct"].fillna(float("inf"))}, index=t.index)
    return t.loc[key.sort_values(["rank", "pct"], kind="stable").index]


def _short(value: float) -> float:
    """A chart value to six significant digits: what a tooltip can show, at a third of the bytes."""
    return float(f"{value:.6g}")


def _panel_rows(r: Review, bid: str) -> list[dict]:
    """One benefit's chart rows, lean: its id, the date, the series, the value and, on plan and
    forecast rows, the band's or interval's edges. A linear plan needs only its corners; the
    panel's words live once in the lookup table, never on every row."""
    b = r.benefits.loc[bid]
    curve = text_or(b.get("profile"), "linear") != "linear"
    path = trajectory(b, r.actuals, r.as_of, points=TRAJECTORY_POINTS if curve else 8)
    corners = {path["date"].min(), path["date"].max(), b["start"], b["due"], r.as_of}
    rows = []
    for _, x in path.iterrows():
        day = x["date"].isoformat()
        if pd.notna(x["planned"]) and (curve or x["date"] in corners):
            rows.append({"b": bid, "d": day, "s": "Plan", "v": _short(x["planned"]),
                         "lo": _short(x["band_low"]), "hi": _short(x["band_high"])})
        if pd.notna(x["actual"]):
            rows.append({"b": bid, "d": day, "s": "Actual", "v": _short(x["actual"])})
        if pd.notna(x["forecast"]):
            rows.append({"b": bid, "d": day, "s": "Forecast", "v": _short(x["forecast"]),
                         **({"lo": _short(x["forecast_low"]), "hi": _short(x["forecast_high"])}
                            if pd.notna(x["forecast_low"]) else {})})
    rows[0]["first"] = 1  # the panel's status line and as-of rule are drawn once, from this row
    return rows


def _panel_words(r: Review, bid: str) -> dict:
    b, a = r.benefits.loc[bid], r.table.loc[bid]
    unit, measure = text_or(b["unit"]), text_or(b["measure"], "Measure")
    return {"b": bid, "panel": benefit_label(bid, b) + (" (dis-benefit)" if a["kind"] == "dis-benefit" else ""),
            "rag": a["rag"], "status": status_text(a), "unit": f"{measure} ({unit})" if unit else f"{measure} (no unit)"}


def trajectory_pages(r: Review, columns: int = 3,
                     per_chart: int = PANELS_PER_CHART) -> list[tuple[alt.FacetChart, pd.DataFrame]]:
    """Small multiples, one panel per tracked benefit, worst first, split into charts of at most
    `per_chart` panels so none is taller than a page, each with the benefits it shows: plan with
    its tolerance band, measurements, and the trend to due with its interval; y scales
    independent, since measures differ, and each panel names its unit above the plot."""
    order = worst_first(r)
    pages = [order.iloc[i:i + per_chart] for i in range(0, len(order), per_chart)]
    return [(_trajectory_chart(r, list(page.index), columns), page) for page in pages]


def trajectories(r: Review, columns: int = 3, per_chart: int = PANELS_PER_CHART) -> list[alt.FacetChart]:
    return [chart for chart, _ in trajectory_pages(r, columns, per_chart)]


def benefit_chart(r: Review, bid: str) -> alt.FacetChart:
    """One benefit's panel, tracked or not: the workshop's live preview of what was just measured."""
    return _trajectory_chart(r, [bid], 1)


def _trajectory_chart(r: Review, ids: list[str], columns: int) -> alt.FacetChart:
    p = palette()
    words = [_panel_words(r, bid) for bid in ids]
    data = alt.Data(values=[row for bid in ids for row in _panel_rows(r, bid)])
    x = alt.X("d:T", title=None, scale=alt.Scale(type="utc"),
              axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4, grid=False))
    y = alt.Y("v:Q", title=None, scale=alt.Scale(zero=False))
    band = alt.Chart().mark_area(color="#c9d1da", opacity=0.45).encode(
        x=x, y=alt.Y("lo:Q", title=None, scale=alt.Scale(zero=False)), y2=alt.Y2("hi:Q")
    ).transform_filter("datum.s == 'Plan'")
    interval = alt.Chart().mark_area(color=p["target"], opacity=0.15).encode(
        x=x, y=alt.Y("lo:Q"), y2=alt.Y2("hi:Q")).transform_filter("datum.s == 'Forecast' && isValid(datum.lo)")
    series = alt.Color("s:N", scale=alt.Scale(domain=_SERIES, range=["#6b7785", p["accent"], p["target"]]),
                       legend=alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=2.5))
    dash = alt.StrokeDash("s:N", scale=alt.Scale(domain=_SERIES, range=[[5, 3], [1, 0], [2, 2]]), legend=None)
    tip = [alt.Tooltip("panel:N", title="Benefit"), alt.Tooltip("s:N", title="Series"),
           alt.Tooltip("d:T", title="Date", timeUnit="utcyearmonthdate", format="%d %b %Y"),
           alt.Tooltip("v:Q", title="Value", format=",.3~f"), alt.Tooltip("unit:N", title="Unit")]
    lines = alt.Chart().mark_line(strokeWidth=2).encode(x=x, y=y, color=series, strokeDash=dash, tooltip=tip)
    points = alt.Chart().mark_point(filled=True, size=28, color=p["accent"]).encode(
        x=x, y=y, tooltip=tip).transform_filter("datum.s == 'Actual'")
    today = alt.Chart().mark_rule(color=p["muted"], strokeWidth=1).encode(
        x=alt.XDatum(alt.DateTime(year=r.as_of.year, month=r.as_of.month, date=r.as_of.day, utc=True),
                     type="temporal")).transform_filter("datum.first")
    status = [alt.Chart().mark_text(align="left", baseline="bottom", fontSize=10.5, fontWeight="bold",
                                    color=_ink(p["rag"][rag])).encode(
        x=alt.XValue(0), y=alt.YValue(-18), text=alt.Text("status:N"))
              .transform_filter(f"datum.first && datum.rag == '{rag}'") for rag in RAGS]
    unit = alt.Chart().mark_text(align="left", baseline="bottom", fontSize=10.5, color=p["text"],
                                 limit=PANEL_WIDTH).encode(
        x=alt.XValue(0), y=alt.YValue(-4), text=alt.Text("unit:N")).transform_filter("datum.first")
    lookup = alt.LookupTransform(lookup="b", **{"from": alt.LookupData(data=alt.Data(values=words), key="b",
                                                                       fields=["panel", "rag", "status", "unit"])})
    # Built in one go: every chained .properties()/.facet()/.resolve_*() re-copies all layers.
    return alt.FacetChart(
        data=data, transform=[lookup],
        spec=alt.layer(band, interval, lines, points, today, *status, unit, width=PANEL_WIDTH, height=PANEL_HEIGHT),
        facet=alt.Facet("panel:N", title=None, sort=[w["panel"] for w in words],
                        header=alt.Header(labelAnchor="start", labelFontSize=12, labelFontWeight="bold",
                                          labelLimit=PANEL_WIDTH, labelColor=p["text"], labelPadding=32)),
        columns=columns, spacing={"row": 28, "column": 24},
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent"), axis=alt.AxisResolveMap(x="independent")),
        title=_key("Grey band: plan ± tolerance · dashed: plan · solid with dots: measurements · "
                   f"dotted with shading: trend to the due date and its likely range · vertical line: "
                   f"{date_text(r.as_of)}"))


def chart_height(spec: dict) -> float:
    """How tall a chart draws, in pixels, from its spec: panels' rows with their headers, status
    lines, axes and spacing, plus the title and legend. Enough to keep every chart to a page."""
    inner = spec.get("spec", spec)
    height = inner.get("height", 300)
    if isinstance(height, dict):  # a step per category: the categories are the y axis's sort order
        ys = [layer.get("encoding", {}).get("y", {}) for layer in inner.get("layer", [inner])]
        categories = max((len(y["sort"]) for y in ys if isinstance(y.get("sort"), list)), default=0)
        return height["step"] * categories * 2 + 120  # room for a grouped (offset) bar, the axis and legend
    if "facet" not in spec:
        return height + 90
    values = spec.get("data", {}).get("values") or next(iter(spec.get("datasets", {}).values()), [])
    panels = len(spec["facet"].get("sort") or {row.get("b") for row in values})
    rows = -(-panels // spec.get("columns", 1))
    header = spec["facet"].get("header", {}).get("labelPadding", 0) + 16
    return rows * (height + header + 25) + (rows - 1) * spec.get("spacing", {}).get("row", 20) + 90


def run_rate(r: Review) -> alt.LayerChart:
    """Planned against realised annual run-rate over time, summed across the priced tracked benefits."""
    p = palette()
    mine = r.tracked.index
    series = money.run_rate_over_time(r.benefits.loc[mine], r.actuals, r.as_of)
    long = series.melt(id_vars="date", value_vars=["planned", "realised"], var_name="series",
                       value_name="value").dropna()
    long["series"] = long["series"].map({"planned": "Planned", "realised": "Realised"})
    long["money"] = [run_rate_text(v, r.currency) for v in long["value"]]
    long["when"] = _day(long["date"])
    long["date"] = _iso(long["date"])
    domain = ["Planned", "Realised"]
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=["#6b7785", p["accent"]]),
                       legend=alt.Legend(title=None, symbolType="stroke"))
    tip = [alt.Tooltip("series:N", title="Series"), alt.Tooltip("when:N", title="Date"),
           alt.Tooltip("money:N", title="Annual run-rate")]
    y = alt.Y("value:Q", axis=_money_axis(r.currency, f"Annual run-rate ({r.currency} a year)"))
    base = alt.Chart().encode(x=_date_axis(), y=y, color=colour, tooltip=tip)  # data: `long`, at the top
    lines = base.mark_line(strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[6, 4], [1, 0]]), legend=None))
    realised = alt.Chart().mark_area(opacity=0.12, color=p["accent"]).encode(
        x=_date_axis(), y=alt.Y("value:Q")).transform_filter("datum.series == 'Realised'")
    now = long[long["date"] == r.as_of.isoformat()]
    dots = alt.Chart(now).mark_point(filled=True, size=70).encode(x=_date_axis(), y=alt.Y("value:Q"), color=colour,
                                                                   tooltip=tip)
    labels = alt.Chart(now).mark_text(align="right", dx=-8, fontSize=11, fontWeight="bold").encode(
        x=_date_axis(), y=alt.Y("value:Q"), color=colour, text=alt.Text("label:N")).transform_calculate(
        label="datum.series + ' ' + datum.money")
    rule = alt.Chart(pd.DataFrame({"date": [r.as_of.isoformat()], "text": [f"as of {date_text(r.as_of)}"]}))
    as_of = rule.mark_rule(color=p["muted"], strokeDash=[2, 2]).encode(x=_date_axis())
    as_of_text = rule.mark_text(align="left", baseline="top", dx=4, y=2, color=p["muted"], fontSize=10).encode(
        x=_date_axis(), text=alt.Text("text:N"))
    return alt.layer(
        realised, lines, dots, labels, as_of, as_of_text, data=long, width=780, height=300,
        title=_key("What each tracked benefit's change from baseline is worth a year at its value per unit, "
                   "summed; dis-benefits count negative"))


def rag_by_objective(r: Review) -> alt.LayerChart:
    """How many benefits of each status every objective has: stacked counts, labelled."""
    p = palette()
    names = _objective_names(r)
    counts = r.by_objective[list(RAGS)].reset_index(names="objective").melt(
        id_vars="objective", var_name="rag", value_name="count")
    counts = counts[counts["count"] > 0].copy()
    counts["order"] = counts["rag"].map(RAGS.index)
    order = [names[k] for k in [*(o.id for o in r.objectives), UNASSIGNED] if k in set(counts["objective"])]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tip = [alt.Tooltip("name:N", title="Objective"), alt.Tooltip("rag:N", title="Status"),
           alt.Tooltip("count:Q", title="Benefits")]
    base = alt.Chart(counts).transform_lookup(**_name_lookup(names)).encode(
        y=y, x=alt.X("count:Q", stack="zero", title="Benefits", axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("order:Q"))
    bars = base.mark_bar(height=22, stroke="white", strokeWidth=1).encode(
        color=alt.Color("rag:N", scale=rag_scale(), title="Status",
                        legend=alt.Legend(labelExpr="datum.label == 'no-data' ? 'no data' : datum.label")),
        tooltip=tip)
    # white on green and red, dark ink on amber and grey: text contrast of 4.5:1 or more on every fill
    ink = alt.condition("datum.rag == 'amber' || datum.rag == 'no-data'", alt.value(p["text"]), alt.value("white"))
    labels = base.mark_text(fontWeight="bold", fontSize=11).encode(
        x=alt.X("mid:Q"), text=alt.Text("label:N"), color=ink).transform_stack(
        stack="count", groupby=["name"], sort=[alt.SortField("order")], as_=["lo", "hi"]).transform_calculate(
        mid="(datum.lo + datum.hi) / 2", label="datum.count + ' ' + (datum.rag == 'no-data' ? '–' : upper(substring(datum.rag, 0, 1)))")
    return alt.layer(
        bars, labels, width=560, height=alt.Step(34),
        title=_key("Number of benefits; letters in the bars: G green, A amber, R red, – no data"))


def value_by_objective(r: Review) -> alt.LayerChart:
    """Planned against realised value to date per objective: the ledger's money, side by side."""
    p = palette()
    names = _objective_names(r)
    g = r.by_objective[r.by_objective["priced"] > 0]
    long = g[["planned_money_to_date", "realised_money_to_date", "money_realisation_pct"]].reset_index(
        names="objective").melt(id_vars=["objective", "money_realisation_pct"], var_name="series", value_name="value")
    long["series"] = long["series"].map({"planned_money_to_date": "Planned by now",
                                         "realised_money_to_date": "Realised now"})
    long["money"] = [money_text(v, r.currency) for v in long["value"]]
    long["share"] = [f"{pct_text(v)} of plan" if s == "Realised now" and pd.notna(v) else ""
                     for s, v in zip(long["series"], long["money_realisation_pct"])]
    long = long.drop(columns="money_realisation_pct")
    order = [names[k] for k in [*(o.id for o in r.objectives), UNASSIGNED] if k in set(long["objective"])]
    domain = ["Planned by now", "Realised now"]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tip = [alt.Tooltip("name:N", title="Objective"), alt.Tooltip("series:N", title="Series"),
           alt.Tooltip("money:N", title="Value"), alt.Tooltip("share:N", title="Realised")]
    base = alt.Chart(long).transform_lookup(**_name_lookup(names)).encode(
        y=y, yOffset=alt.YOffset("series:N", sort=domain))
    bars = base.mark_bar(height=13).encode(
        x=alt.X("value:Q", axis=_money_axis(r.currency, f"Annual run-rate by now ({r.currency} a year)")),
        color=alt.Color("series:N", scale=alt.Scale(domain=domain, range=[p["accent_light"], p["accent"]]),
                        legend=alt.Legend(title=None)),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=4, fontSize=10.5, color=p["text"]).encode(
        x=alt.X("value:Q"), text=alt.Text("label:N")).transform_calculate(
        label="datum.series == 'Realised now' ? datum.money + '  (' + datum.share + ')' : datum.money")
    return alt.layer(
        bars, labels, width=520, height=alt.Step(16),
        title=_key("Pale bar: run-rate planned by now · dark bar: run-rate realised now, both a year"))
