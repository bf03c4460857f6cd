"""The benefits deliverable's charts. Each takes the Review and returns an altair chart built
from small aggregated frames. Colour never carries meaning alone: series differ in dash and
mark too, every status is written out, and money is labelled."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.benefits import money
from playbook.benefits.money import UNASSIGNED
from playbook.benefits.realisation import Review, trajectory
from playbook.benefits.text import benefit_label, objective_label, status_text, text_or
from playbook.benefits.trajectory import RAGS
from playbook.report.formatting import money_text
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


def _panel_frame(r: Review) -> pd.DataFrame:
    """Long chart data for every benefit: one row per date and series, plus the band and the
    forecast interval on the plan's and forecast's rows, and a status line per panel."""
    frames = []
    for bid, b in r.benefits.iterrows():
        a = r.table.loc[bid]
        path = trajectory(b, r.actuals, r.as_of, points=TRAJECTORY_POINTS)
        long = path.melt(id_vars=["date", "band_low", "band_high", "forecast_low", "forecast_high"],
                         value_vars=["planned", "actual", "forecast"], var_name="series", value_name="value")
        long = long.dropna(subset=["value"])
        long["series"] = long["series"].map({"planned": "Plan", "actual": "Actual", "forecast": "Forecast"})
        keep_band = long["series"] == "Plan"
        keep_interval = long["series"] == "Forecast"
        long.loc[~keep_band, ["band_low", "band_high"]] = None
        long.loc[~keep_interval, ["forecast_low", "forecast_high"]] = None
        panel = benefit_label(bid, b) + (" (dis-benefit)" if a["kind"] == "dis-benefit" else "")
        long = long.assign(panel=panel, rag=a["rag"], status=status_text(a),
                           unit=text_or(b["unit"]), badge=False, as_of=r.as_of.isoformat())
        long.iloc[0, long.columns.get_loc("badge")] = True
        frames.append(long)
    data = pd.concat(frames, ignore_index=True)
    data["when"] = _day(data["date"])
    data["date"] = _iso(data["date"])
    return data


def trajectories(r: Review, columns: int = 3) -> alt.FacetChart:
    """Small multiples, one panel per benefit: plan with its tolerance band, actuals, and the
    forecast to due with its interval; y scales independent, since measures differ."""
    p = palette()
    data = _panel_frame(r)
    x = _date_axis()
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=False))
    band = alt.Chart().mark_area(color="#c9d1da", opacity=0.45).encode(
        x=x, y=alt.Y("band_low:Q", title=None, scale=alt.Scale(zero=False)), y2=alt.Y2("band_high:Q")
    ).transform_filter("datum.series == 'Plan'")
    interval = alt.Chart().mark_area(color=p["target"], opacity=0.15).encode(
        x=x, y=alt.Y("forecast_low:Q"), y2=alt.Y2("forecast_high:Q")).transform_filter(
        "datum.series == 'Forecast' && isValid(datum.forecast_low)")
    series = alt.Color("series:N", scale=alt.Scale(domain=_SERIES, range=["#6b7785", p["accent"], p["target"]]),
                       legend=alt.Legend(title=None, symbolType="stroke", symbolStrokeWidth=2.5))
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=_SERIES, range=[[5, 3], [1, 0], [2, 2]]),
                          legend=alt.Legend(title=None))
    tip = [alt.Tooltip("panel:N", title="Benefit"), alt.Tooltip("series:N", title="Series"),
           alt.Tooltip("when:N", title="Date"), alt.Tooltip("value:Q", title="Value", format=",.3~f"),
           alt.Tooltip("unit:N", title="Unit")]
    lines = alt.Chart().mark_line(strokeWidth=2).encode(x=x, y=y, color=series, strokeDash=dash, tooltip=tip)
    points = alt.Chart().mark_point(filled=True, size=28, color=p["accent"]).encode(
        x=x, y=y, tooltip=tip).transform_filter("datum.series == 'Actual'")
    today = alt.Chart().mark_rule(color=p["muted"], strokeWidth=1).encode(
        x=alt.X("as_of:T")).transform_filter("datum.badge")
    status = [alt.Chart().mark_text(align="left", baseline="bottom", fontSize=10.5, fontWeight="bold",
                                    color=_ink(p["rag"][rag])).encode(
        x=alt.XValue(0), y=alt.YValue(-5), text=alt.Text("status:N"))
              .transform_filter(f"datum.badge && datum.rag == '{rag}'") for rag in RAGS]
    # Built in one go: every chained .properties()/.facet()/.resolve_*() re-copies all layers.
    return alt.FacetChart(
        data=data, spec=alt.layer(band, interval, lines, points, today, *status, width=250, height=120),
        facet=alt.Facet("panel:N", title=None, sort=list(dict.fromkeys(data["panel"])),
                        header=alt.Header(labelAnchor="start", labelFontSize=12, labelFontWeight="bold",
                                          labelLimit=250, labelColor=p["text"], labelPadding=18)),
        columns=columns, spacing={"row": 28, "column": 24},
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent"), axis=alt.AxisResolveMap(x="independent")),
        title=_key("Grey band: plan ± tolerance · dashed: plan · solid with dots: actuals · "
                   "dotted with shading: forecast with its 90% interval · vertical line: as-of date"))


def cumulative_value(r: Review) -> alt.LayerChart:
    """Planned against realised value over time, summed across the priced benefits."""
    p = palette()
    series = money.cumulative_value(r.benefits, r.actuals, r.as_of)
    long = series.melt(id_vars="date", value_vars=["planned", "realised"], var_name="series",
                       value_name="value").dropna()
    long["series"] = long["series"].map({"planned": "Planned", "realised": "Realised"})
    long["money"] = [money_text(v, r.currency) for v in long["value"]]
    long["when"] = _day(long["date"])
    long["date"] = _iso(long["date"])
    domain = ["Planned", "Realised"]
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=["#6b7785", p["accent"]]),
                       legend=alt.Legend(title=None, symbolType="stroke"))
    tip = [alt.Tooltip("series:N", title="Series"), alt.Tooltip("when:N", title="Date"),
           alt.Tooltip("money:N", title="Value")]
    y = alt.Y("value:Q", axis=_money_axis(r.currency, f"Value ({r.currency})"))
    base = alt.Chart().encode(x=_date_axis(), y=y, color=colour, tooltip=tip)  # data: `long`, at the top
    lines = base.mark_line(strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[6, 4], [1, 0]]),
                                  legend=alt.Legend(title=None)))
    realised = alt.Chart().mark_area(opacity=0.12, color=p["accent"]).encode(
        x=_date_axis(), y=alt.Y("value:Q")).transform_filter("datum.series == 'Realised'")
    now = long[long["date"] == r.as_of.isoformat()]
    dots = alt.Chart(now).mark_point(filled=True, size=70).encode(x=_date_axis(), y=alt.Y("value:Q"), color=colour,
                                                                   tooltip=tip)
    labels = alt.Chart(now).mark_text(align="right", dx=-8, fontSize=11, fontWeight="bold").encode(
        x=_date_axis(), y=alt.Y("value:Q"), color=colour, text=alt.Text("label:N")).transform_calculate(
        label="datum.series + ' ' + datum.money")
    rule = alt.Chart(pd.DataFrame({"date": [r.as_of.isoformat()], "text": [f"as of {r.as_of:%d %b %Y}"]}))
    as_of = rule.mark_rule(color=p["muted"], strokeDash=[2, 2]).encode(x=_date_axis())
    as_of_text = rule.mark_text(align="left", baseline="top", dx=4, y=2, color=p["muted"], fontSize=10).encode(
        x=_date_axis(), text=alt.Text("text:N"))
    return alt.layer(
        realised, lines, dots, labels, as_of, as_of_text, data=long, width=620, height=300,
        title=_key("Each benefit's change from baseline priced by its value per unit, summed across "
                   "benefits; dis-benefits count negative"))


def rag_by_objective(r: Review) -> alt.LayerChart:
    """How many benefits of each status every objective has: stacked counts, labelled."""
    names = _objective_names(r)
    counts = r.by_objective[list(RAGS)].reset_index(names="objective").melt(
        id_vars="objective", var_name="rag", value_name="count")
    counts = counts[counts["count"] > 0].copy()
    counts["name"] = counts["objective"].map(names)
    counts["order"] = counts["rag"].map(RAGS.index)
    counts["status"] = counts["rag"].map(_RAG_LABELS)
    order = [names[k] for k in [*(o.id for o in r.objectives), UNASSIGNED] if k in set(counts["objective"])]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tip = [alt.Tooltip("name:N", title="Objective"), alt.Tooltip("rag:N", title="Status"),
           alt.Tooltip("status:N", title="Meaning"), alt.Tooltip("count:Q", title="Benefits")]
    base = alt.Chart(counts).encode(
        y=y, x=alt.X("count:Q", stack="zero", title="Benefits", axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("order:Q"))
    bars = base.mark_bar(height=22, stroke="white", strokeWidth=1).encode(
        color=alt.Color("rag:N", scale=rag_scale(), title="Status",
                        legend=alt.Legend(labelExpr="datum.label == 'no-data' ? 'no data' : datum.label")),
        tooltip=tip)
    labels = base.mark_text(color="white", fontWeight="bold", fontSize=11).encode(
        x=alt.X("mid:Q"), text=alt.Text("label:N")).transform_stack(
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
    long["series"] = long["series"].map({"planned_money_to_date": "Planned to date",
                                         "realised_money_to_date": "Realised to date"})
    long["name"] = long["objective"].map(names)
    long["money"] = [money_text(v, r.currency) for v in long["value"]]
    long["share"] = [f"{v:.0f}% of plan" if pd.notna(v) else "" for v in long["money_realisation_pct"]]
    order = [names[k] for k in [*(o.id for o in r.objectives), UNASSIGNED] if k in set(long["objective"])]
    domain = ["Planned to date", "Realised to date"]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tip = [alt.Tooltip("name:N", title="Objective"), alt.Tooltip("series:N", title="Series"),
           alt.Tooltip("money:N", title="Value"), alt.Tooltip("share:N", title="Realised")]
    base = alt.Chart(long).encode(y=y, yOffset=alt.YOffset("series:N", sort=domain))
    bars = base.mark_bar(height=13).encode(
        x=alt.X("value:Q", axis=_money_axis(r.currency, f"Value to date ({r.currency})")),
        color=alt.Color("series:N", scale=alt.Scale(domain=domain, range=[p["accent_light"], p["accent"]]),
                        legend=alt.Legend(title=None)),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=4, fontSize=10.5, color=p["text"]).encode(
        x=alt.X("value:Q"), text=alt.Text("label:N")).transform_calculate(
        label="datum.series == 'Realised to date' ? datum.money + '  (' + datum.share + ')' : datum.money")
    return alt.layer(
        bars, labels, width=520, height=alt.Step(16),
        title=_key("Pale bar: planned to date · dark bar: realised to date"))
