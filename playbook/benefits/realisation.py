"""Benefits realisation: is what was promised being delivered, and which benefits are at risk.

Pure methods over the register (`benefits`, indexed by benefit id) and the measurements
(`actuals`: benefit, date, value, note) in the shapes the loader produces; DESIGN.md "Methods"
and issue 5 give the definitions. Every figure is direction-aware (the sign of target − baseline)
and kind-aware: for a dis-benefit, an accepted harm, smaller is better. In the DataFrames returned
here a missing number is NaN and a missing flag None; test text with pd.isna, since pandas' string
dtype turns a missing text into NaN.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from typing import Any, Callable, Literal, Mapping

import numpy as np
import pandas as pd
from scipy.special import stdtrit  # the t quantile, without importing all of scipy.stats

from playbook.intake.client import Client, Objective
from playbook.report.formatting import money_text
from playbook.errors import DataError, Issue, ParameterError

GREEN, AMBER, RED, NO_DATA = "green", "amber", "red", "no-data"
RAGS = (GREEN, AMBER, RED, NO_DATA)
NOT_STARTED = "not started"
NO_ACTUALS = "no actuals"
NO_ACTUAL_SINCE_START = "no actual since start"
UNASSIGNED = "(unassigned)"
ROLLUP_KEYS = ("objective", "initiative")

Benefit = Mapping[str, Any] | pd.Series
Kind = Literal["benefit", "dis-benefit"]

_FILE = "benefits.csv"
_DIRECTION = {"increase": 1, "decrease": -1}
_KIND = {"benefit": 1, "dis-benefit": -1}
_PROFILE: dict[str, Callable[[float], float]] = {
    "linear": lambda t: t,
    "s-curve": lambda t: t * t * (3 - 2 * t),  # smoothstep
}
# (criterion, field): a benefit is ready to track when it is measurable, attributable and owned.
_READINESS = (("measurable", "measure"), ("measurable", "unit"),
              ("attributable", "initiative"), ("owned", "owner"))


# --- reading one register row -------------------------------------------------------------

def _benefit_id(b: Benefit) -> Any:
    """A register row from `benefits.iterrows()` carries its id as the Series name."""
    return b.get("id", getattr(b, "name", None))


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _text(b: Benefit, key: str) -> str | None:
    value = b.get(key)
    return None if _missing(value) else str(value).strip()


def _number(b: Benefit, key: str) -> float | None:
    value = b.get(key)
    return None if _missing(value) else float(value)


def _choice(b: Benefit, key: str, options: Mapping[str, Any], default: str | None = None) -> Any:
    """Look a coded field up, failing as a data error because a wrong code would silently invert figures."""
    value = _text(b, key) or default
    if value not in options:
        expected = f"one of {', '.join(options)} (benefit {_benefit_id(b)})"
        raise DataError([Issue(_FILE, key, value, expected)])
    return options[value]


def _total_change(b: Benefit) -> float:
    """target − baseline, checked against `direction`: a contradictory row must fail, not invert figures."""
    sign = _choice(b, "direction", _DIRECTION)
    change = float(b["target"]) - float(b["baseline"])
    if change * sign <= 0:
        side = "above" if sign > 0 else "below"
        expected = (f"a target {side} the baseline {float(b['baseline']):g} for a "
                    f"{_text(b, 'direction')} benefit (benefit {_benefit_id(b)})")
        raise DataError([Issue(_FILE, "target", b["target"], expected)])
    return change


def _better_sign(b: Benefit) -> int:
    """+1 when a higher measure is better for the organisation, −1 when lower is: direction × kind."""
    direction = 1 if _total_change(b) > 0 else -1
    return direction * _choice(b, "kind", _KIND, default="benefit")


def _at_least(a: float, b: float) -> bool:
    """a ≥ b, with float noise ignored so a figure exactly on a RAG boundary is not tipped across it."""
    return bool(a >= b) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- the plan -----------------------------------------------------------------------------

def planned_value(b: Benefit, on: date) -> float:
    """The measure's planned level on a date: baseline up to `start`, target from `due`.

    Between them it follows `profile`: 'linear' (the default, and DESIGN's definition) moves by
    the same amount each day; 's-curve' is the smoothstep 3t² − 2t³ of the elapsed share t of the
    days, for benefits that ramp up after go-live: slow start, fastest at the mid-date (where it
    equals linear), slow finish, with the same endpoints.
    """
    shape = _choice(b, "profile", _PROFILE, default="linear")
    start, due = b["start"], b["due"]
    if on >= due:
        share = 1.0
    elif on <= start:
        share = 0.0
    else:
        share = shape((on - start).days / (due - start).days)
    return float(b["baseline"]) + share * _total_change(b)


def realisation_pct(b: Benefit, value: float, measured_on: date) -> float | None:
    """Achieved ÷ planned change, in percent, with the plan read at the measurement's date.

    Reading the plan at the measurement's date rather than at as-of means a benefit measured
    quarterly is not marked down for the weeks since its last reading; that staleness is flagged
    separately. None while no change is planned yet (measured on or before `start`). The ratio
    is direction-aware by construction: both changes share the sign of target − baseline.
    """
    planned_change = planned_value(b, measured_on) - float(b["baseline"])
    if planned_change == 0:
        return None
    return 100 * (value - float(b["baseline"])) / planned_change


def progress_pct(b: Benefit, value: float) -> float:
    """Achieved ÷ total change (target − baseline), in percent: how far along the whole promise is."""
    return 100 * (value - float(b["baseline"])) / _total_change(b)


def rag_status(realisation: float | None, tolerance_pct: float, kind: Kind = "benefit") -> str:
    """Green on or ahead of plan; amber behind by at most tolerance_pct points; red beyond.

    For a dis-benefit "ahead" means less harm than planned: green at ≤ 100%, amber at
    ≤ 100 + tolerance_pct, red above.
    """
    if realisation is None:
        return NO_DATA
    behind = (100 - realisation) * _KIND[kind]
    if _at_least(0, behind):
        return GREEN
    return AMBER if _at_least(tolerance_pct, behind) else RED


def money(b: Benefit, value: float) -> float | None:
    """Worth of moving the measure from baseline to `value`: beneficial change × value_per_unit.

    A dis-benefit's harm counts negative. None when the benefit has no value_per_unit.
    """
    per_unit = _number(b, "value_per_unit")
    if per_unit is None:
        return None
    return _better_sign(b) * (value - float(b["baseline"])) * per_unit


def forecast_meets_target(b: Benefit, forecast: float) -> bool:
    """Whether a forecast reaches the target; for a dis-benefit, whether its harm stays within the
    accepted harm."""
    better = _better_sign(b)
    return _at_least(better * forecast, better * float(b["target"]))


# --- readiness ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Readiness:
    """Whether a benefit can be tracked; gaps read like "owned: no owner"."""

    ready: bool
    gaps: tuple[str, ...]


def readiness(b: Benefit) -> Readiness:
    """A benefit nobody owns or that has no measure is reported, not rejected: fixing it is a finding."""
    gaps = tuple(f"{criterion}: no {key}" for criterion, key in _READINESS if _text(b, key) is None)
    return Readiness(not gaps, gaps)


# --- the trend ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Forecast:
    """A trend's value on one date; low and high bound the prediction interval when there is one."""

    value: float
    low: float | None
    high: float | None
    points: int


@dataclass(frozen=True)
class Trend:
    """An ordinary least-squares line over measurements, x in days since `origin`."""

    origin: date
    slope: float
    intercept: float
    points: int
    x_mean: float
    sxx: float
    spread: float | None  # t quantile × residual standard error; None with two points

    def at(self, on: date) -> Forecast:
        """The line on a date, with the prediction interval for a single new measurement there."""
        x = (on - self.origin).days
        value = self.intercept + self.slope * x
        if self.spread is None:
            return Forecast(value, None, None, self.points)
        half = self.spread * math.sqrt(1 + 1 / self.points + (x - self.x_mean) ** 2 / self.sxx)
        return Forecast(value, value - half, value + half, self.points)


def trend(history: pd.Series, points: int = 6, confidence: float = 0.90) -> Trend | None:
    """Fit the newest `points` measurements (date-indexed, oldest first): the recent pace, not the
    whole history, because pace changes after go-live. None below two measurements; no interval
    with two, since a line through two points has no residual left to estimate its error from.
    """
    recent = history.iloc[-points:]
    if len(recent) < 2:
        return None
    origin = recent.index[0]
    x = np.array([(d - origin).days for d in recent.index], dtype=float)
    y = recent.to_numpy(dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    n = len(x)
    spread = None
    if n >= 3:
        residuals = y - (intercept + slope * x)
        std_error = math.sqrt(residuals @ residuals / (n - 2))
        spread = float(stdtrit(n - 2, 0.5 + confidence / 2)) * std_error
    return Trend(origin, float(slope), float(intercept), n, float(x.mean()),
                 float(((x - x.mean()) ** 2).sum()), spread)


# --- measurements -------------------------------------------------------------------------

def _history(actuals: pd.DataFrame, benefit_id: Any, as_of: date) -> pd.Series:
    """The benefit's values up to as-of, one per date, oldest first.

    Of two rows on one date the later row wins, so an appended correction supersedes.
    """
    rows = actuals[(actuals["benefit"] == benefit_id) & (actuals["date"] <= as_of)]
    return rows.groupby("date", sort=True)["value"].last().astype(float)


def _latest(history: pd.Series, on: date) -> float | None:
    known = history[[d <= on for d in history.index]]
    return None if known.empty else float(known.iloc[-1])


# --- assessing each benefit ---------------------------------------------------------------

@dataclass(frozen=True)
class BenefitAssessment:
    """One benefit as of a date: one row of `assess`."""

    name: str
    initiative: str | None
    objective: str | None
    owner: str | None
    kind: str
    latest_value: float | None
    latest_date: date | None
    days_since_actual: int | None
    planned_at_latest: float | None  # the plan at latest_date: what realisation_pct compares with
    planned_to_date: float  # the plan at as_of
    realisation_pct: float | None
    progress_pct: float | None
    rag: str
    status_note: str | None  # why rag is no-data
    stale: bool
    no_actuals: bool
    forecast_at_due: float | None
    forecast_low: float | None
    forecast_high: float | None
    forecast_meets_target: bool | None
    ready: bool
    readiness_gaps: tuple[str, ...]
    planned_money_to_date: float | None
    realised_money_to_date: float | None


_NUMBERS = ("latest_value", "days_since_actual", "planned_at_latest", "planned_to_date",
            "realisation_pct", "progress_pct", "forecast_at_due", "forecast_low", "forecast_high",
            "planned_money_to_date", "realised_money_to_date")


def _status_note(b: Benefit, as_of: date, latest_date: date | None) -> str | None:
    if as_of <= b["start"]:
        return NOT_STARTED
    if latest_date is None:
        return NO_ACTUALS
    return NO_ACTUAL_SINCE_START if latest_date <= b["start"] else None


def _assess(b: Benefit, history: pd.Series, as_of: date, stale_days: int,
            forecast_points: int, confidence: float) -> BenefitAssessment:
    kind = _text(b, "kind") or "benefit"
    _better_sign(b)  # reject a contradictory row before any figure is produced
    fit = trend(history, forecast_points, confidence)
    forecast = fit.at(b["due"]) if fit else None
    measured = not history.empty
    latest_date = history.index[-1] if measured else None
    latest = float(history.iloc[-1]) if measured else None
    realisation = realisation_pct(b, latest, latest_date) if measured else None
    ready = readiness(b)
    age = (as_of - latest_date).days if measured else None
    return BenefitAssessment(
        name=_text(b, "name") or "",
        initiative=_text(b, "initiative"),
        objective=_text(b, "objective"),
        owner=_text(b, "owner"),
        kind=kind,
        latest_value=latest,
        latest_date=latest_date,
        days_since_actual=age,
        planned_at_latest=planned_value(b, latest_date) if measured else None,
        planned_to_date=planned_value(b, as_of),
        realisation_pct=realisation,
        progress_pct=progress_pct(b, latest) if measured else None,
        rag=rag_status(realisation, float(b["tolerance_pct"]), kind),
        status_note=_status_note(b, as_of, latest_date),
        stale=age is not None and age > stale_days,
        no_actuals=not measured,
        forecast_at_due=forecast.value if forecast else None,
        forecast_low=forecast.low if forecast else None,
        forecast_high=forecast.high if forecast else None,
        forecast_meets_target=forecast_meets_target(b, forecast.value) if forecast else None,
        ready=ready.ready,
        readiness_gaps=ready.gaps,
        planned_money_to_date=money(b, planned_value(b, as_of)),
        realised_money_to_date=money(b, latest) if measured else None,
    )


def _check_parameters(stale_days: int, forecast_points: int, confidence: float) -> None:
    if stale_days < 0:
        raise ParameterError(f"stale_days: found {stale_days}; expected zero or more days")
    if forecast_points < 2:
        raise ParameterError(f"forecast_points: found {forecast_points}; expected 2 or more")
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence: found {confidence}; expected a share between 0 and 1")


def assess(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date, stale_days: int = 90,
           forecast_points: int = 6, confidence: float = 0.90) -> pd.DataFrame:
    """One row per benefit (index `id`), with the columns of `BenefitAssessment`; the number
    columns are float (NaN when missing, days_since_actual included), forecast_meets_target is
    True, False or None.

    Actuals dated after as_of are ignored throughout, so a report can be re-run as of any date.
    """
    _check_parameters(stale_days, forecast_points, confidence)
    rows = [asdict(_assess(b, _history(actuals, bid, as_of), as_of, stale_days,
                           forecast_points, confidence))
            for bid, b in benefits.iterrows()]
    table = pd.DataFrame(rows, index=pd.Index(benefits.index, name="id"),
                         columns=[f.name for f in fields(BenefitAssessment)])
    return table.astype({column: float for column in _NUMBERS})


# --- money --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Financial:
    """Portfolio money to date, summed over the benefits that have a value_per_unit."""

    planned_to_date: float
    realised_to_date: float
    priced: int  # how many benefits the sums cover

    @property
    def realisation_pct(self) -> float | None:
        """Realised ÷ planned money; None unless planned money is positive: when more harm than
        value is planned the ratio means nothing."""
        return 100 * self.realised_to_date / self.planned_to_date if self.planned_to_date > 0 else None


def _priced(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date) -> list[tuple[pd.Series, pd.Series]]:
    return [(b, _history(actuals, bid, as_of)) for bid, b in benefits.iterrows()
            if _number(b, "value_per_unit") is not None]


def _money_on(priced: list[tuple[pd.Series, pd.Series]], on: date) -> tuple[float, float]:
    """Planned and realised money on a date; a benefit not yet measured has realised nothing."""
    planned = sum(money(b, planned_value(b, on)) for b, _ in priced)
    latest = [(b, _latest(history, on)) for b, history in priced]
    realised = sum(money(b, value) for b, value in latest if value is not None)
    return float(planned), float(realised)


def financial_to_date(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date) -> Financial:
    """Planned money is the plan at as_of; realised money is each benefit's newest actual on or
    before as_of. Unlike per-benefit realisation, a late measurement does count against the
    portfolio here: money not yet evidenced is not yet realised."""
    priced = _priced(benefits, actuals, as_of)
    return Financial(*_money_on(priced, as_of), priced=len(priced))


def cumulative_value(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date,
                     freq: str = "MS") -> pd.DataFrame:
    """Planned and realised money on each date (columns date, planned, realised), summed across
    benefits, from the earliest start to the later of as_of and the last due date.

    Each value is the portfolio's level of change from baseline priced by value_per_unit, so it
    accumulates as the measures move; it is not a time integral. The dates are the `freq` grid
    plus the span's ends and as_of, so the planned line reaches the promised total and the
    realised line ends on the headline figure; realised is NaN after as_of.
    """
    priced = _priced(benefits, actuals, as_of)
    if not priced:
        return pd.DataFrame(columns=["date", "planned", "realised"])
    first = min(b["start"] for b, _ in priced)
    last = max(as_of, *(b["due"] for b, _ in priced))
    grid = {t.date() for t in pd.date_range(first, last, freq=freq)} | {first, last}
    if as_of >= first:
        grid.add(as_of)
    rows = []
    for on in sorted(grid):
        planned, realised = _money_on(priced, on)
        rows.append({"date": on, "planned": planned, "realised": realised if on <= as_of else np.nan})
    return pd.DataFrame(rows)


# --- roll-ups -----------------------------------------------------------------------------

def rollup(assessment: pd.DataFrame, by: str = "objective") -> pd.DataFrame:
    """Count benefits and sum money per objective or initiative; never average percentages.

    Columns: benefits, green, amber, red, no-data, stale, no_actuals, forecast_misses,
    not_ready, priced, planned_money_to_date, realised_money_to_date, money_realisation_pct.
    A group's realisation is its realised ÷ planned money (NaN unless planned money is positive),
    so a large benefit behind plan is not hidden by a small one ahead. Benefits without an
    objective or initiative fall under "(unassigned)".
    """
    if by not in ROLLUP_KEYS:
        raise ParameterError(f"by: found {by!r}; expected one of {', '.join(ROLLUP_KEYS)}")
    keys = assessment[by].fillna(UNASSIGNED).rename(by)
    tallies = pd.DataFrame({
        "benefits": 1,
        **{rag: assessment["rag"].eq(rag) for rag in RAGS},
        "stale": assessment["stale"].astype(bool),
        "no_actuals": assessment["no_actuals"].astype(bool),
        "forecast_misses": assessment["forecast_meets_target"].eq(False),
        "not_ready": ~assessment["ready"].astype(bool),
        "priced": assessment["planned_money_to_date"].notna(),
        "planned_money_to_date": assessment["planned_money_to_date"].astype(float),
        "realised_money_to_date": assessment["realised_money_to_date"].astype(float),
    }, index=assessment.index)
    out = tallies.groupby(keys).sum()
    planned = out["planned_money_to_date"]
    out["money_realisation_pct"] = (100 * out["realised_money_to_date"] / planned).where(planned > 0)
    return out


# --- charting -----------------------------------------------------------------------------

def trajectory(b: Benefit, actuals: pd.DataFrame, as_of: date, points: int = 60,
               forecast_points: int = 6, confidence: float = 0.90) -> pd.DataFrame:
    """One benefit's chart data: columns date, planned, band_low, band_high, actual, forecast,
    forecast_low, forecast_high (NaN where a series has no point on that date).

    The band is planned ± tolerance_pct of the planned change to date, so its adverse edge is the
    amber/red boundary. The forecast runs from the first measurement it is fitted to, to `due`.
    `b` is a row of `benefits` (its Series name is the id) or a mapping with an "id".
    """
    _check_parameters(0, forecast_points, confidence)
    if points < 2:
        raise ParameterError(f"points: found {points}; expected 2 or more")
    history = _history(actuals, _benefit_id(b), as_of)
    fit = trend(history, forecast_points, confidence)
    first = min([b["start"], *history.index[:1]])
    days = (max(b["due"], as_of) - first).days
    dates = {first + timedelta(days=round(i * days / (points - 1))) for i in range(points)}
    dates |= {b["start"], b["due"], as_of, *history.index}
    tolerance = float(b["tolerance_pct"]) / 100
    baseline = float(b["baseline"])
    rows = []
    for on in sorted(dates):
        planned = planned_value(b, on)
        half_band = tolerance * abs(planned - baseline)
        in_forecast = fit is not None and min(fit.origin, b["due"]) <= on <= max(fit.origin, b["due"])
        forecast = fit.at(on) if in_forecast else None
        rows.append({
            "date": on, "planned": planned,
            "band_low": planned - half_band, "band_high": planned + half_band,
            "actual": history.get(on, np.nan),
            "forecast": forecast.value if forecast else np.nan,
            "forecast_low": forecast.low if forecast and forecast.low is not None else np.nan,
            "forecast_high": forecast.high if forecast and forecast.high is not None else np.nan,
        })
    return pd.DataFrame(rows)


# --- the review: what the deliverable says --------------------------------------------------

RAG_WORDS = {GREEN: "Green", AMBER: "Amber", RED: "Red", NO_DATA: "No data"}


@dataclass(frozen=True)
class Review:
    """Everything the benefits deliverable reads, assessed once as of one date."""

    benefits: pd.DataFrame  # the register, index id
    actuals: pd.DataFrame
    table: pd.DataFrame  # assess()
    financial: Financial
    by_objective: pd.DataFrame  # rollup(by="objective")
    objectives: tuple[Objective, ...]
    currency: str
    as_of: date

    @property
    def empty(self) -> bool:
        return self.table.empty


def review(benefits: pd.DataFrame, actuals: pd.DataFrame, client: Client, as_of: date) -> Review:
    table = assess(benefits, actuals, as_of)
    return Review(benefits, actuals, table, financial_to_date(benefits, actuals, as_of), rollup(table),
                  tuple(client.objectives), client.currency, as_of)


def _digits(scale: float) -> int:
    """Decimals that suit a measure of this size: 1,905 · 94.8 · 2.40 · 0.134."""
    return 0 if scale >= 100 else 1 if scale >= 10 else 2 if scale >= 1 else 3


def _with_unit(text: str, unit: Any) -> str:
    if _missing(unit):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def _scale(b: Benefit) -> float:
    return max(abs(float(b["baseline"])), abs(float(b["target"])))


def measure_text(value: float | None, unit: str | None = None, scale: float | None = None) -> str:
    """A measure's value and unit, with the decimals of its benefit's scale (or its own size)."""
    if value is None or pd.isna(value):
        return ""
    return _with_unit(f"{value:,.{_digits(abs(value) if scale is None else scale)}f}", unit)


def span_text(baseline: float, target: float, unit: str | None) -> str:
    """"12.0 → 18.0 GBP m": a promise with its unit written once."""
    d = _digits(max(abs(baseline), abs(target)))
    return _with_unit(f"{baseline:,.{d}f} → {target:,.{d}f}", unit)


def text_or(value: Any, default: str = "") -> str:
    """Text for a table cell: `default` where the register left the field blank."""
    return default if _missing(value) else str(value)


def benefit_label(bid: Any, row: pd.Series) -> str:
    return f"{bid} {row['name']}"


def status_text(a: pd.Series) -> str:
    """One assessed benefit's status in words: "RED · 57% of plan · forecast misses"."""
    parts = [RAG_WORDS[a["rag"]].upper()]
    if pd.notna(a["realisation_pct"]):
        parts.append(f"{a['realisation_pct']:.0f}% of plan")
    if a["stale"]:
        parts.append("stale")
    elif a["no_actuals"]:
        parts.append("no actuals")
    if flag(a["forecast_meets_target"]) is False:
        parts.append("forecast misses")
    return " · ".join(parts)


def objective_label(o: Objective) -> str:
    return f"{o.id} {o.title}" if o.title else o.id


def _promised_money(r: Review, ids: Any = None) -> float:
    """The money of reaching every target: what the register promises in total."""
    rows = r.benefits if ids is None else r.benefits.loc[list(ids)]
    return float(sum(money(b, float(b["target"])) or 0.0 for _, b in rows.iterrows()))


def _shortfall(r: Review, bid: Any) -> float | None:
    """Money the forecast leaves short of the target at due (positive when it misses)."""
    b = r.benefits.loc[bid]
    forecast = r.table.at[bid, "forecast_at_due"]
    if pd.isna(forecast) or _number(b, "value_per_unit") is None:
        return None
    return float(money(b, float(b["target"])) - money(b, float(forecast)))


def _num(value: Any, digits: int = 2) -> float | None:
    """A JSON-safe number: None for missing, rounded otherwise."""
    return None if value is None or pd.isna(value) else round(float(value), digits)


def flag(value: Any) -> bool | None:
    """A True/False/None cell as a Python value (a column without None holds numpy booleans)."""
    return None if value is None or (not isinstance(value, (bool, np.bool_)) and pd.isna(value)) else bool(value)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def escalated(r: Review) -> pd.DataFrame:
    """Red benefits and forecast misses, red first then furthest behind."""
    t = r.table
    chosen = t[(t["rag"] == RED) | t["forecast_meets_target"].eq(False)]
    order = chosen.assign(_red=chosen["rag"].ne(RED), _pct=chosen["realisation_pct"].fillna(np.inf))
    return chosen.loc[order.sort_values(["_red", "_pct"], kind="stable").index]


def _latest_note(r: Review, bid: Any) -> str:
    """The note on the newest measurement (the later row of a date wins, as in the figures)."""
    rows = r.actuals[(r.actuals["benefit"] == bid) & (r.actuals["date"] <= r.as_of)]
    if rows.empty:
        return ""
    note = rows[rows["date"] == rows["date"].max()]["note"].iloc[-1]
    return "" if _missing(note) else str(note).strip()


def escalations(r: Review) -> pd.DataFrame:
    """The escalation table: what is off track or will miss, who owns it, and what is at stake."""
    rows = []
    for bid, a in escalated(r).iterrows():
        b = r.benefits.loc[bid]
        scale = _scale(b)
        forecast = ""
        if pd.notna(a["forecast_at_due"]):
            forecast = (f"{measure_text(a['forecast_at_due'], None, scale)} against "
                        f"{measure_text(float(b['target']), b['unit'], scale)} ({b['due']:%b %Y})")
        short = _shortfall(r, bid) if flag(a["forecast_meets_target"]) is False else None
        rows.append({
            "Benefit": benefit_label(bid, b), "Owner": text_or(a["owner"], "(no owner)"),
            "Status": RAG_WORDS[a["rag"]],
            "Realised to date": "" if pd.isna(a["realisation_pct"]) else f"{a['realisation_pct']:.0f}% of plan",
            "Forecast at due": forecast,
            "Shortfall at due": money_text(short, r.currency) if short and short > 0 else "",
            "Latest note": _latest_note(r, bid),
        })
    return pd.DataFrame(rows, columns=["Benefit", "Owner", "Status", "Realised to date", "Forecast at due",
                                       "Shortfall at due", "Latest note"])


def _status_counts(group: pd.Series | None) -> str:
    if group is None or not group["benefits"]:
        return "no benefits linked"
    return " · ".join(f"{int(group[rag])} {RAG_WORDS[rag].lower()}" for rag in RAGS if group[rag])


def ledger(r: Review) -> pd.DataFrame:
    """The promise ledger: each onboarding objective's KPI promise against what its benefits have
    delivered, in money and counts (summed, never averaged)."""
    rows = []
    keyed = [(o.id, o) for o in r.objectives]
    if UNASSIGNED in r.by_objective.index:
        keyed.append((UNASSIGNED, None))
    for key, o in keyed:
        g = r.by_objective.loc[key] if key in r.by_objective.index else None
        if o is None:
            promise = "(benefits linked to no objective)"
        else:
            span = (span_text(o.baseline, o.target, o.unit) if o.baseline is not None and o.target is not None
                    else measure_text(o.target, o.unit) if o.target is not None else "")
            promise = " ".join(p for p in (o.kpi or "", span, f"by {o.due:%b %Y}" if o.due else "") if p)
        priced = g is not None and g["priced"] > 0
        pct = g["money_realisation_pct"] if priced else np.nan
        rows.append({
            "Objective": objective_label(o) if o else UNASSIGNED, "KPI promised": promise or "(no KPI set)",
            "Owner": (o.owner or "") if o else "",
            "Benefits": int(g["benefits"]) if g is not None else 0, "Status": _status_counts(g),
            "Planned to date": money_text(g["planned_money_to_date"], r.currency) if priced else "not priced",
            "Realised to date": money_text(g["realised_money_to_date"], r.currency) if priced else "",
            "Realised ÷ planned": "" if pd.isna(pct) else f"{pct:.0f}%",
            "Forecast misses": int(g["forecast_misses"]) if g is not None else 0,
        })
    return pd.DataFrame(rows)


def _gaps_text(gaps: tuple[str, ...]) -> str:
    return "Missing " + ", ".join(g.split(": no ", 1)[-1] for g in gaps) if gaps else "Ready"


def tracking_gaps(r: Review) -> pd.DataFrame:
    """Benefits that cannot be trusted yet: not ready to track (no owner, measure, unit or
    initiative), measured too long ago, or never measured; each with the action that fixes it."""
    rows = []
    for bid, a in r.table.iterrows():
        if a["ready"] and not a["stale"] and not a["no_actuals"]:
            continue
        actions = []
        if "owned: no owner" in a["readiness_gaps"]:
            actions.append("name an accountable owner")
        if any(not g.startswith("owned") for g in a["readiness_gaps"]):
            actions.append("complete the register entry")
        if a["no_actuals"]:
            evidence = "No actuals recorded"
            actions.append("start measuring" if a["status_note"] != NOT_STARTED else "measure once started")
        elif a["stale"]:
            evidence = (f"Newest actual {a['latest_date']:%d %b %Y}, "
                        f"{int(a['days_since_actual'])} days before as-of")
            actions.append("restore the measurement")
        else:
            evidence = f"Measured {a['latest_date']:%d %b %Y}"
        rows.append({"Benefit": benefit_label(bid, r.benefits.loc[bid]), "Owner": text_or(a["owner"], "(no owner)"),
                     "Ready to track": _gaps_text(a["readiness_gaps"]), "Evidence": evidence,
                     "Action": "; ".join(actions).capitalize()})
    return pd.DataFrame(rows, columns=["Benefit", "Owner", "Ready to track", "Evidence", "Action"])


def register_detail(r: Review) -> pd.DataFrame:
    """Every benefit on one line: the register's promise, its latest evidence and its status."""
    rows = []
    for bid, a in r.table.iterrows():
        b = r.benefits.loc[bid]
        rows.append({
            "Benefit": benefit_label(bid, b) + (" (dis-benefit)" if a["kind"] == "dis-benefit" else ""),
            "Links": " · ".join(text_or(a[k], "–") for k in ROLLUP_KEYS), "Owner": text_or(a["owner"]),
            "Measure": text_or(b["measure"]),
            "Promise": f"{span_text(float(b['baseline']), float(b['target']), b['unit'])} by {b['due']:%b %Y}",
            "Latest": "" if a["no_actuals"] else
            f"{measure_text(a['latest_value'], None, _scale(b))} on {a['latest_date']:%d %b}",
            "Realised": "" if pd.isna(a["realisation_pct"]) else f"{a['realisation_pct']:.0f}%",
            "Progress": "" if pd.isna(a["progress_pct"]) else f"{a['progress_pct']:.0f}%",
            "Status": RAG_WORDS[a["rag"]] + (" · stale" if a["stale"] else ""),
            "Forecast at due": measure_text(a["forecast_at_due"], None, _scale(b)),
        })
    return pd.DataFrame(rows)


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
                   f"the register promises {money_text(_promised_money(r), cur)} in total once every target "
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
                   f"{_names(shown)}; {len(amber)} more {'is' if len(amber) == 1 else 'are'} amber, "
                   "behind but within tolerance.")
    else:
        out.append(f"No benefit is red; {len(amber)} of {len(t)} {'is' if len(amber) == 1 else 'are'} amber, "
                   "behind plan but within tolerance.")
    misses = t[t["forecast_meets_target"].eq(False)]
    if len(misses):
        green_misses = misses[misses["rag"] == GREEN]
        short = sum(s for s in (_shortfall(r, bid) for bid in misses.index) if s and s > 0)
        text = (f"**On the trend of their recent actuals, {len(misses)} benefits will miss their target by "
                f"the due date**" + (f", {money_text(short, cur)} short of the value promised" if short else ""))
        if len(green_misses):
            names = [f"{n} ({text_or(o, 'no owner')})" for n, o in zip(green_misses["name"], green_misses["owner"])]
            verb = "is green today but has" if len(green_misses) == 1 else "are green today but have"
            text += f". {_names(names)} {verb} stalled"
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
        asks.append(f"approve a recovery plan or re-baseline for {_names([str(i) for i in red])} (red)")
    unowned = list(t.index[t["owner"].isna()])
    if unowned:
        asks.append(f"name an owner for {_names([str(i) for i in unowned])}")
    stale = [f"{i} ({int(t.at[i, 'days_since_actual'])} days)" for i in t.index[t["stale"].astype(bool)]]
    never = [str(i) for i in t.index[t["no_actuals"].astype(bool) & t["status_note"].ne(NOT_STARTED)]]
    if stale or never:
        parts = ([f"restore measurement of {_names(stale)}"] if stale else []) + \
                ([f"start measuring {_names(never)}"] if never else [])
        asks.append(" and ".join(parts))
    if not asks:
        return "No decision is needed: every benefit is on plan, owned and measured."
    return f"**Decisions needed:** {'; '.join(asks)}."


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
            f"{money_text(_promised_money(r), r.currency)}.")


def describe_rag(r: Review) -> str:
    parts = [f"{key}: {_status_counts(g)}" for key, g in r.by_objective.iterrows()]
    return "Benefits per objective by status. " + "; ".join(parts) + "."


def describe_value_by_objective(r: Review) -> str:
    parts = [f"{key} {money_text(g['realised_money_to_date'], r.currency)} of "
             f"{money_text(g['planned_money_to_date'], r.currency)}"
             for key, g in r.by_objective.iterrows() if g["priced"]]
    return "Realised against planned value to date per objective: " + "; ".join(parts) + "."


def results(r: Review) -> dict[str, Any]:
    """The headline figures kept beside the deliverable: JSON-safe (None, never NaN)."""
    t, f = r.table, r.financial
    return {
        "as_of": r.as_of.isoformat(),
        "currency": r.currency,
        "benefits": {
            str(bid): {
                **{key: None if _missing(a[key]) else str(a[key])
                   for key in ("name", "objective", "initiative", "owner", "kind")},
                "realisation_pct": _num(a["realisation_pct"]), "progress_pct": _num(a["progress_pct"]),
                "rag": a["rag"], "latest_value": _num(a["latest_value"], 6),
                "latest_date": a["latest_date"].isoformat() if a["latest_date"] else None,
                "forecast_at_due": _num(a["forecast_at_due"], 6), "forecast_low": _num(a["forecast_low"], 6),
                "forecast_high": _num(a["forecast_high"], 6),
                "forecast_meets_target": flag(a["forecast_meets_target"]),
                "stale": bool(a["stale"]), "no_actuals": bool(a["no_actuals"]), "ready": bool(a["ready"]),
                "planned_money_to_date": _num(a["planned_money_to_date"]),
                "realised_money_to_date": _num(a["realised_money_to_date"]),
            } for bid, a in t.iterrows()},
        "financial": {"planned_to_date": _num(f.planned_to_date) or 0.0,
                      "realised_to_date": _num(f.realised_to_date) or 0.0,
                      "realisation_pct": _num(f.realisation_pct), "priced": f.priced,
                      "promised_total": _num(_promised_money(r)) if not r.empty else 0.0},
        "rag_counts": {rag: int((t["rag"] == rag).sum()) for rag in RAGS},
        "by_objective": {
            str(key): {"benefits": int(g["benefits"]), **{rag: int(g[rag]) for rag in RAGS},
                       "forecast_misses": int(g["forecast_misses"]),
                       "planned_money_to_date": _num(g["planned_money_to_date"]),
                       "realised_money_to_date": _num(g["realised_money_to_date"]),
                       "money_realisation_pct": _num(g["money_realisation_pct"])}
            for key, g in r.by_objective.iterrows()},
        "escalations": [str(i) for i in escalated(r).index],
        "not_ready": [str(i) for i in t.index[~t["ready"].astype(bool)]],
    }
