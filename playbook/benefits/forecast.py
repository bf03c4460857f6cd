"""The trend of a benefit's recent measurements: an ordinary least-squares line and its
prediction interval for a single new measurement, read at any date (the due date, for the forecast)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.special import stdtrit  # the t quantile, without importing all of scipy.stats


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
