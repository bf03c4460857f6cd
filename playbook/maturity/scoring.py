"""Maturity assessment methods: dimension scores, agreement, role gaps, trend and priorities.

Definitions (hand-checked in tests/test_maturity.py):
- question score = median of the respondents' scores ("don't know" left out);
  dimension score = mean of its question scores; overall level = mean of dimension scores.
- agreement on one question r_wg = 1 − s²/σ²_EU with σ²_EU = (A² − 1)/12 = 2 for A = 5 options
  (James, Demaree & Wolf 1984). For a dimension of J questions, the published multi-item index
  r_wg(J) = J(1 − s̄²/σ²_EU) / (J(1 − s̄²/σ²_EU) + s̄²/σ²_EU), with s̄² the mean of its questions'
  sample variances and J the questions with at least two answers; when s̄² ≥ σ²_EU (as much
  spread as random answering, or more) it is 0, as the authors advise. Fewer than two answers give
  no index ("not measurable"), and no IQR: the IQR is that of two or more respondents' dimension means.
- trend compares the newest wave with the one before it.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from playbook.maturity.model import MaturityModel, Recommendation, RecommendationLibrary

OPTIONS = 5
RWG_FLAG = 0.7
ROLE_SPLIT = 1.0  # a spread between roles of a whole level or more is worth a conversation


def sigma2_eu(options: int = OPTIONS) -> float:
    """Variance of a uniform ('random answering') distribution over `options` categories."""
    return (options**2 - 1) / 12


def rwg(scores: Any, options: int = OPTIONS) -> float | None:
    """r_wg for one item; None with fewer than two answers."""
    values = pd.Series(scores, dtype=float).dropna()
    if len(values) < 2:
        return None
    return _truncate(1 - values.var(ddof=1) / sigma2_eu(options))


def rwg_j(mean_variance: float, items: int, options: int = OPTIONS) -> float:
    """James, Demaree & Wolf's r_wg(J) for a dimension of `items` questions."""
    ratio = mean_variance / sigma2_eu(options)
    if ratio >= 1:
        return 0.0
    return float(items * (1 - ratio) / (items * (1 - ratio) + ratio))


def _truncate(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def _current(responses: pd.DataFrame, min_respondents: int = 1) -> tuple[pd.DataFrame, dt.date | None]:
    """The current wave: the newest with at least `min_respondents` (a wave still filling up is
    not yet the assessment), else the newest there is."""
    if responses.empty:
        return responses, None
    counts = responses.groupby("wave")["respondent"].nunique()
    ready = [w for w, n in counts.items() if n >= min_respondents]
    wave = max(ready) if ready else max(counts.index)
    return responses[responses["wave"] == wave], wave


def pending(responses: pd.DataFrame, wave: dt.date | None) -> tuple[dt.date | None, int]:
    """The newest wave after the one shown, and how many have answered it so far."""
    later = responses[responses["wave"] > wave] if wave is not None and not responses.empty else responses.iloc[:0]
    if later.empty:
        return None, 0
    newest = max(later["wave"])
    return newest, int(later[later["wave"] == newest]["respondent"].nunique())


def question_scores(responses: pd.DataFrame) -> pd.Series:
    return responses.dropna(subset=["score"]).groupby("question")["score"].median()


def dimension_scores(responses: pd.DataFrame, model: MaturityModel) -> pd.Series:
    """Median per question, then mean per dimension; dimensions without answers are NaN."""
    q = question_scores(responses)
    q2d = model.question_dimension
    by_dim = q.groupby(q.index.map(q2d)).mean()
    return by_dim.reindex([d.id for d in model.dimensions])


def respondent_means(responses: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """Each respondent's mean per dimension: the heatmap, and the base of the IQR."""
    valid = responses.dropna(subset=["score"])
    table = valid.pivot_table(index="respondent", columns="dimension", values="score", aggfunc="mean")
    return table.reindex(columns=[d.id for d in model.dimensions])


def agreement(responses: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    valid = responses.dropna(subset=["score"])
    variances = valid.groupby("question")["score"].agg(lambda s: s.var(ddof=1) if len(s) > 1 else np.nan)
    q2d = model.question_dimension
    measured = variances.dropna()
    grouped = measured.groupby(measured.index.map(q2d))
    mean_var, items = grouped.mean(), grouped.size()
    means = respondent_means(responses, model)
    rows = []
    for d in model.dimensions:
        v = mean_var.get(d.id, np.nan)
        r = None if v is None or pd.isna(v) else rwg_j(float(v), int(items[d.id]))
        col = means[d.id].dropna() if d.id in means else pd.Series(dtype=float)
        iqr = float(col.quantile(0.75) - col.quantile(0.25)) if len(col) > 1 else None
        rows.append({"dimension": d.id, "rwg": r, "iqr": iqr,
                     "low_agreement": r is not None and r < RWG_FLAG})
    return pd.DataFrame(rows).set_index("dimension")


def by_role(responses: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """Dimension scores computed within each role, plus the spread between the roles."""
    if responses.empty:
        return pd.DataFrame()
    table = pd.DataFrame({role: dimension_scores(group, model) for role, group in responses.groupby("role")})
    table["spread"] = table.max(axis=1) - table.min(axis=1)
    table["roles_disagree"] = table["spread"] >= ROLE_SPLIT
    return table


def trend(responses: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """Dimension scores for every wave (columns in date order) and the latest change."""
    if responses.empty:
        return pd.DataFrame()
    waves = sorted(responses["wave"].unique())
    table = pd.DataFrame({w: dimension_scores(responses[responses["wave"] == w], model) for w in waves})
    table["change"] = table[waves[-1]] - table[waves[-2]] if len(waves) > 1 else np.nan
    return table


@dataclass(frozen=True)
class Gap:
    dimension: str
    name: str
    score: float
    target: int
    gap: float
    level: int
    low_agreement: bool
    recommendations: list[Recommendation] = field(default_factory=list)


@dataclass(frozen=True)
class Assessment:
    model: MaturityModel
    wave: dt.date | None
    waves: list[dt.date]
    respondents: int
    dimensions: pd.DataFrame  # index dimension: name, score, level, target, gap, rwg, iqr, low_agreement
    overall: float | None
    heatmap: pd.DataFrame
    roles: pd.DataFrame
    trend: pd.DataFrame
    gaps: list[Gap]
    comments: pd.DataFrame  # current wave: dimension, question, role, score, comment
    pending_wave: dt.date | None = None  # a newer wave not shown until it has min_respondents
    pending_respondents: int = 0
    min_respondents: int = 1

    @property
    def empty(self) -> bool:
        return self.respondents == 0


def level_of(score: float) -> int:
    """The level a score has fully reached (2.9 has reached level 2, not 3)."""
    return int(min(5, max(1, math.floor(score + 1e-9))))


def ranked_gaps(dims: pd.DataFrame, library: RecommendationLibrary) -> list[Gap]:
    """Dimensions below target, largest gap first; ties go to the lower-agreement dimension."""
    below = dims[dims["gap"].fillna(0) > 0].copy()
    below["_rwg"] = below["rwg"].fillna(1.0)
    below = below.sort_values(["gap", "_rwg", "score"], ascending=[False, True, True])
    return [Gap(dim, row["name"], float(row["score"]), int(row["target"]), float(row["gap"]),
                level_of(row["score"]), bool(row["low_agreement"]),
                library.for_level(dim, level_of(row["score"])))
            for dim, row in below.iterrows()]


def assess(responses: pd.DataFrame, model: MaturityModel, targets: dict[str, int],
           library: RecommendationLibrary, min_respondents: int = 1) -> Assessment:
    """The assessment of the current wave; a newer wave with fewer than `min_respondents` is
    named (pending) but not shown, and stays out of the trend."""
    current, wave = _current(responses, min_respondents)
    newer, newer_n = pending(responses, wave)
    if newer is not None:
        responses = responses[responses["wave"] <= wave]
    scores = dimension_scores(current, model)
    agree = agreement(current, model)
    dims = pd.DataFrame({"name": [d.name for d in model.dimensions]}, index=[d.id for d in model.dimensions])
    dims["score"] = scores
    dims["level"] = [model.level_name(s) if pd.notna(s) else None for s in scores]
    dims["target"] = [targets.get(d) for d in dims.index]
    dims["gap"] = [t - s if t is not None and pd.notna(s) else None for t, s in zip(dims["target"], scores)]
    dims = dims.join(agree)
    overall = float(scores.mean()) if scores.notna().any() else None
    return Assessment(
        model=model, wave=wave,
        waves=sorted(responses["wave"].unique()) if not responses.empty else [],
        respondents=int(current["respondent"].nunique()) if not current.empty else 0,
        dimensions=dims, overall=overall, heatmap=respondent_means(current, model),
        roles=by_role(current, model), trend=trend(responses, model),
        gaps=ranked_gaps(dims, library), comments=comments(current, model),
        pending_wave=newer, pending_respondents=newer_n, min_respondents=min_respondents)


def comments(responses: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    """What respondents wrote, by role rather than by name: workshops promise candour."""
    columns = ["Dimension", "Question", "Role", "Score", "Comment"]
    if responses.empty or "comment" not in responses:
        return pd.DataFrame(columns=columns)
    said = responses[responses["comment"].fillna("").astype(str).str.strip() != ""]
    names = {d.id: d.name for d in model.dimensions}
    order = {d.id: i for i, d in enumerate(model.dimensions)}
    said = said.assign(_o=said["dimension"].map(order)).sort_values(["_o", "question"])
    return pd.DataFrame({"Dimension": said["dimension"].map(names), "Question": said["question"],
                         "Role": said["role"], "Score": said["score"].astype("Int64"), "Comment": said["comment"]})


def _num(value: Any, digits: int = 2) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), digits)


def results(a: Assessment) -> dict[str, Any]:
    """The headline figures kept beside the deliverable for audit and comparison."""
    return {
        "model": a.model.id,
        "overall_level": _num(a.overall),
        "respondents": a.respondents,
        "wave": a.wave.isoformat() if a.wave else None,
        "previous_wave": a.waves[-2].isoformat() if len(a.waves) > 1 else None,
        "dimensions": {
            dim: {"score": _num(row["score"]), "target": None if pd.isna(row["target"]) else int(row["target"]),
                  "gap": _num(row["gap"]), "rwg": _num(row["rwg"]), "iqr": _num(row["iqr"]),
                  "low_agreement": bool(row["low_agreement"])}
            for dim, row in a.dimensions.iterrows()},
        "priorities": [g.dimension for g in a.gaps],
    }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'} {'is' if n == 1 else 'are'}"


def _list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def findings(a: Assessment) -> list[str]:
    """Three to five findings in plain words, each with its number, most important first."""
    if a.empty:
        return ["No maturity responses are recorded yet: run the workshop (the form in this notebook "
                "appends each respondent) and re-run to get scores, gaps and agreement."]
    dims = a.dimensions.dropna(subset=["score"])
    top, bottom = dims["score"].idxmax(), dims["score"].idxmin()
    out = [f"Overall maturity is **{a.overall:.1f} of 5** ({a.model.level_name(a.overall)}), from "
           f"{a.respondents} respondents in the {a.wave:%d %B %Y} assessment; the strongest dimension is "
           f"{dims.at[top, 'name']} ({dims.at[top, 'score']:.1f}) and the weakest {dims.at[bottom, 'name']} "
           f"({dims.at[bottom, 'score']:.1f})."]
    if a.pending_wave is not None:
        out.append(f"**A new assessment is under way** ({a.pending_wave:%d %B %Y}): {a.pending_respondents} of the "
                   f"{a.min_respondents} respondents needed have answered, so this shows the {a.wave:%d %B %Y} "
                   "assessment until it has enough.")
    elif a.respondents < a.min_respondents:
        out.append(f"**Only {a.respondents} of the {a.min_respondents} respondents needed** have answered: read "
                   "these scores as a first impression, not the function's view.")
    if a.gaps:
        worst = a.gaps[:3]
        shown = [f"{g.name} ({g.score:.1f} against a target of {g.target})" for g in worst]
        out.append(f"**{len(a.gaps)} of {len(dims)} dimensions are below target.** Fix first: {_list(shown)}.")
    elif dims["target"].notna().any():
        out.append("Every dimension with a target meets it: the next step is to raise the targets.")
    low = dims[dims["low_agreement"]]
    if len(low):
        names = [f"{n} (r_wg {r:.2f})" for n, r in zip(low["name"], low["rwg"])]
        out.append(f"**Respondents disagree on {len(low)} dimension{'s' if len(low) > 1 else ''}** "
                   f"(agreement r_wg below {RWG_FLAG}): {_list(names[:3])}. Treat these scores as contested "
                   "and discuss them before acting on them.")
    else:
        out.append(f"Respondents broadly agree: agreement r_wg is at least {RWG_FLAG} on every dimension, "
                   "so the scores can be read as a shared view.")
    if not a.roles.empty and a.roles.shape[1] > 3:
        roles = a.roles.drop(columns=["spread", "roles_disagree"])
        split = a.roles["spread"].dropna()
        if len(split) and split.max() >= ROLE_SPLIT:
            dim = split.idxmax()
            hi, lo = roles.loc[dim].idxmax(), roles.loc[dim].idxmin()
            n = int(a.roles["roles_disagree"].sum())
            out.append(f"**Leaders and delivery staff see the function differently** on {n} dimension"
                       f"{'s' if n > 1 else ''}: on {a.dimensions.at[dim, 'name']}, {hi} respondents score "
                       f"{roles.at[dim, hi]:.1f} against {roles.at[dim, lo]:.1f} from {lo} respondents.")
    if len(a.waves) > 1:
        change = a.trend["change"].dropna()
        prev = a.trend[a.waves[-2]].mean()
        delta = a.overall - prev
        up = change.idxmax()
        verb = "rose" if delta > 0.05 else "fell" if delta < -0.05 else "held steady"
        out.append(f"Since the {a.waves[-2]:%B %Y} assessment, overall maturity {verb} "
                   f"({prev:.1f} → {a.overall:.1f}); {a.dimensions.at[up, 'name']} improved most "
                   f"({change[up]:+.1f}).")
    return out[:5]


def priorities(a: Assessment) -> pd.DataFrame:
    """The ranked gaps as a table: the next step for each, from the recommendation library."""
    rows = []
    for rank, g in enumerate(a.gaps, 1):
        first = g.recommendations[0] if g.recommendations else None
        rows.append({
            "#": rank, "Dimension": g.name + (" (contested)" if g.low_agreement else ""),
            "Score → target": f"{g.score:.1f} → {g.target}",
            "Next step": f"{first.title}: {first.action}" if first else "No recommendation in the library",
            "Effort": first.effort if first else "", "Weeks": first.horizon_weeks if first else ""})
    return pd.DataFrame(rows)


def detail(a: Assessment) -> pd.DataFrame:
    d = a.dimensions
    nxt = [a.model.dimension(dim).descriptors[min(5, level_of(s) + 1)] if pd.notna(s) else ""
           for dim, s in zip(d.index, d["score"])]
    return pd.DataFrame({"Dimension": d["name"], "Score": d["score"], "Level reached": d["level"],
                         "Target": d["target"].astype("Int64"), "Gap": d["gap"], "r_wg": d["rwg"], "IQR": d["iqr"],
                         "What the next level looks like": nxt})


def describe_scores(a: Assessment) -> str:
    d = a.dimensions.dropna(subset=["score"]).sort_values("score")
    return (f"Scores range from {d['score'].iloc[0]:.1f} ({d['name'].iloc[0]}) to {d['score'].iloc[-1]:.1f} "
            f"({d['name'].iloc[-1]}); {_count(len(a.gaps), 'dimension')} below target.")


def describe_agreement(a: Assessment) -> str:
    low = a.dimensions[a.dimensions["low_agreement"]]
    if low.empty:
        return f"All dimensions have r_wg of at least {RWG_FLAG}."
    return f"{len(low)} dimensions fall below r_wg {RWG_FLAG}: {_list(list(low['name']))}."


def describe_roles(a: Assessment) -> str:
    n = int(a.roles["roles_disagree"].sum())
    roles = [c for c in a.roles.columns if c not in ("spread", "roles_disagree")]
    return (f"Scores of the {len(roles)} roles ({_list(roles)}); on {n} dimensions the roles are a "
            f"level or more apart.")


def describe_trend(a: Assessment) -> str:
    change = a.trend["change"].dropna()
    return (f"Change since the previous wave: {int((change > 0).sum())} dimensions up, "
            f"{int((change < 0).sum())} down; the largest rise is {change.max():+.1f}.")
