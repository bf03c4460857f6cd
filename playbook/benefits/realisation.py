"""Benefits realisation: is what was promised being delivered, and which benefits are at risk.

`assess` reads every benefit as of a date (realisation, RAG, staleness, the forecast at due,
readiness, money); `trajectory` gives one benefit's chart data; `review` bundles what the
deliverable reads. Pure methods over the register and the actuals in the shapes the loader
produces. In the DataFrames returned here a missing number is NaN and a missing flag None; test
text with pd.isna, since pandas' string dtype turns a missing text into NaN.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from playbook.benefits.forecast import trend
from playbook.benefits.money import Financial, financial_to_date, money, rollup
from playbook.benefits.rows import Benefit, benefit_id, better_sign, history, text
from playbook.benefits.trajectory import (RED, forecast_meets_target, planned_value, progress_pct, rag_status,
                                          readiness, realisation_pct)
from playbook.errors import ParameterError
from playbook.intake.client import Client, Objective

TRACKED = ("approved", "in_flight", "done")  # benefits are tracked for committed and done work
STATUS_WORDS = {"proposed": "a proposal, not approved", "approved": "approved", "in_flight": "in flight",
                "on_hold": "on hold", "done": "done", "stopped": "stopped"}
NOT_STARTED = "not started"
NO_ACTUALS = "no actuals"
NO_ACTUAL_SINCE_START = "no actual since start"


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


def _assess(b: Benefit, values: pd.Series, as_of: date, stale_days: int,
            forecast_points: int, confidence: float) -> BenefitAssessment:
    kind = text(b, "kind") or "benefit"
    better_sign(b)  # reject a contradictory row before any figure is produced
    fit = trend(values, forecast_points, confidence)
    forecast = fit.at(b["due"]) if fit else None
    measured = not values.empty
    latest_date = values.index[-1] if measured else None
    latest = float(values.iloc[-1]) if measured else None
    realisation = realisation_pct(b, latest, latest_date) if measured else None
    ready = readiness(b)
    age = (as_of - latest_date).days if measured else None
    return BenefitAssessment(
        name=text(b, "name") or "",
        initiative=text(b, "initiative"),
        objective=text(b, "objective"),
        owner=text(b, "owner"),
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
    rows = [asdict(_assess(b, history(actuals, bid, as_of), as_of, stale_days,
                           forecast_points, confidence))
            for bid, b in benefits.iterrows()]
    table = pd.DataFrame(rows, index=pd.Index(benefits.index, name="id"),
                         columns=[f.name for f in fields(BenefitAssessment)])
    return table.astype({column: float for column in _NUMBERS})


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
    values = history(actuals, benefit_id(b), as_of)
    fit = trend(values, forecast_points, confidence)
    first = min([b["start"], *values.index[:1]])
    days = (max(b["due"], as_of) - first).days
    dates = {first + timedelta(days=round(i * days / (points - 1))) for i in range(points)}
    dates |= {b["start"], b["due"], as_of, *values.index}
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
            "actual": values.get(on, np.nan),
            "forecast": forecast.value if forecast else np.nan,
            "forecast_low": forecast.low if forecast and forecast.low is not None else np.nan,
            "forecast_high": forecast.high if forecast and forecast.high is not None else np.nan,
        })
    return pd.DataFrame(rows)


def flag(value: Any) -> bool | None:
    """A True/False/None cell as a Python value (a column without None holds numpy booleans)."""
    return None if value is None or (not isinstance(value, (bool, np.bool_)) and pd.isna(value)) else bool(value)


# --- the review: what the deliverable reads ------------------------------------------------

@dataclass(frozen=True)
class Review:
    """Everything the benefits deliverable reads, assessed once as of one date.

    `table` holds every benefit, with its initiative's portfolio status and whether it is
    tracked; the money, the roll-ups and the escalations cover the tracked benefits only, so a
    proposal's benefit is never reported as late nor escalated."""

    benefits: pd.DataFrame  # the register, index id
    actuals: pd.DataFrame
    table: pd.DataFrame  # assess(), plus initiative_status and tracked
    financial: Financial  # tracked benefits
    by_objective: pd.DataFrame  # rollup(by="objective") of the tracked benefits
    objectives: tuple[Objective, ...]
    currency: str
    as_of: date
    steering: tuple[str | None, date] | None = None  # the meeting that decides (if any) and its date

    @property
    def empty(self) -> bool:
        return self.table.empty

    @property
    def tracked(self) -> pd.DataFrame:
        return self.table[self.table["tracked"].astype(bool)]

    @property
    def untracked(self) -> pd.DataFrame:
        return self.table[~self.table["tracked"].astype(bool)]


def tracking(benefits: pd.DataFrame, statuses: dict[str, str] | None) -> pd.DataFrame:
    """Each benefit's initiative status and whether it is tracked: a benefit is tracked when its
    initiative is approved, in flight or done, or when there is no portfolio (or no initiative)
    to tell; one of a proposal, or of work on hold or stopped, is shown as such."""
    status = [None if statuses is None or not isinstance(i, str) or not i else statuses.get(i)
              for i in benefits["initiative"]]
    return pd.DataFrame({"initiative_status": pd.Series(status, index=benefits.index, dtype=object),
                         "tracked": pd.Series([s is None or s in TRACKED for s in status], index=benefits.index,
                                              dtype=bool)})


def review(benefits: pd.DataFrame, actuals: pd.DataFrame, client: Client, as_of: date,
           statuses: dict[str, str] | None = None) -> Review:
    table = assess(benefits, actuals, as_of).join(tracking(benefits, statuses))
    mine = table["tracked"].to_numpy(dtype=bool)
    return Review(benefits, actuals, table, financial_to_date(benefits[mine], actuals, as_of), rollup(table[mine]),
                  tuple(client.objectives), client.currency, as_of, next_steering(client, as_of))


STEERING = ("steer", "board", "committee")


def next_steering(client: Client, as_of: date) -> tuple[str | None, date]:
    """The first steering meeting after as-of in the client's cadence, counted from the
    engagement's start; without one, two weeks after as-of. The delivery review asks for its
    decisions by the same date, so one client's deliverables name one deadline."""
    start = client.engagement.start if client.engagement else None
    for m in client.cadence:
        if start is not None and any(word in m.meeting.casefold() for word in STEERING):
            day = start
            while day <= as_of:
                day += timedelta(weeks=m.every_weeks)
            return m.meeting, day
    return None, as_of + timedelta(days=14)


def escalated(r: Review) -> pd.DataFrame:
    """Tracked benefits that are red or forecast to miss, red first then furthest behind."""
    t = r.tracked
    chosen = t[(t["rag"] == RED) | t["forecast_meets_target"].eq(False)]
    order = chosen.assign(_red=chosen["rag"].ne(RED), _pct=chosen["realisation_pct"].fillna(np.inf))
    return chosen.loc[order.sort_values(["_red", "_pct"], kind="stable").index]
