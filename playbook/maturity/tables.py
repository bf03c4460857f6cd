"""The maturity deliverable's tables: what to fix first, respondents' comments as themes, the
heatmap's cells and the appendix's dimension detail.

Respondents are protected: the heatmap and the comments are by role unless the client has set
`maturity.show_names: true`. A comment made under several dimensions is shown once.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from playbook.maturity.scoring import AGREEMENT_DIGITS, Assessment, level_of
from playbook.maturity.summary import approve_by, role_scores, score_text
from playbook.report.formatting import count_text, date_text, join_words, rounded


def priorities(a: Assessment, decide_on: dt.date) -> pd.DataFrame:
    """The ranked gaps: the next step for each from the recommendation library, and the date it is
    done by, counted from the priorities' approval."""
    start = approve_by(a, decide_on)
    rows = []
    for rank, g in enumerate(a.gaps, 1):
        first = g.recommendations[0] if g.recommendations else None
        rows.append({
            "#": rank, "Dimension": g.name + (" (contested)" if g.low_agreement else ""),
            "Score → target": f"{score_text(g.score)} → {g.target}",
            "Next step": f"{first.title}: {first.action}" if first else "No recommendation in the library",
            "Effort": first.effort if first else "", "Weeks": first.horizon_weeks if first else None,
            "Done by": start + dt.timedelta(weeks=first.horizon_weeks) if first else None})
    return pd.DataFrame(rows)


PRIORITY_FORMATS = {"Weeks": "{:.0f}", "Done by": "{:%-d %B %Y}"}


def detail(a: Assessment) -> pd.DataFrame:
    """Every dimension's figures to two decimals, for the appendix."""
    d = a.dimensions
    nxt = [a.model.dimension(dim).descriptors[min(5, level_of(s) + 1)] if pd.notna(s) else ""
           for dim, s in zip(d.index, d["score"])]

    def two(column: str) -> list[float | None]:
        return [None if pd.isna(v) else rounded(float(v), AGREEMENT_DIGITS) for v in d[column]]

    score = two("score")  # the gap is the target less the score as shown, so the row adds up
    gap = [None if pd.isna(t) or v is None else rounded(t - v, AGREEMENT_DIGITS) for t, v in zip(d["target"], score)]
    return pd.DataFrame({"Dimension": d["name"], "Score": score, "Level reached": d["level"],
                         "Target": d["target"].astype("Int64"), "Gap": gap, "Agreement (r_wg(J))": two("rwg"),
                         "Spread of respondents (IQR)": two("iqr"), "What the next level looks like": nxt})


DETAIL_FORMATS = {"Score": "{:.2f}", "Gap": "{:+.2f}", "Agreement (r_wg(J))": "{:.2f}",
                  "Spread of respondents (IQR)": "{:.2f}"}


def _same(text: str) -> str:
    """Two comments are the same when they differ only in case, spacing or final punctuation."""
    return re.sub(r"\s+", " ", str(text)).strip().rstrip(".!").casefold()


def _who(group: pd.DataFrame, show_names: bool) -> str:
    people = group.drop_duplicates("respondent")
    if show_names:
        return join_words([f"{r.respondent} ({r.role})" for r in people.itertuples()])
    roles = people.groupby("role", sort=False)["respondent"].nunique()
    return join_words([f"{role} ({count_text(int(n), 'respondent')})" if n > 1 else role for role, n in roles.items()])


def comment_themes(a: Assessment, show_names: bool = False) -> pd.DataFrame:
    """Each comment once, grouped by dimension: a comment made under several dimensions is one
    cross-cutting theme, listed first (most dimensions first). By role unless `show_names`."""
    c = a.comments
    columns = ["Theme", "What was said", "Said by"]
    if c.empty:
        return pd.DataFrame(columns=columns)
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    rows = []
    for _, group in c.groupby(c["comment"].map(_same), sort=False):
        dims = list(dict.fromkeys(group["dimension"]))
        theme = (names[dims[0]] if len(dims) == 1
                 else f"Across {count_text(len(dims), 'dimension')}: {join_words([names[d] for d in dims])}")
        rows.append({"Theme": theme, "What was said": str(group["comment"].iloc[0]).strip(),
                     "Said by": _who(group, show_names), "_dims": len(dims), "_people": group["respondent"].nunique(),
                     "_first": list(names).index(dims[0])})
    frame = pd.DataFrame(rows).sort_values(["_dims", "_people", "_first"], ascending=[False, False, True],
                                           kind="stable")
    return frame[columns].reset_index(drop=True)


COMMENTS_SHOWN = 12  # the body shows the most widely made comments; the appendix has them all


def comments_caption(a: Assessment, themes: pd.DataFrame, show_names: bool) -> str:
    repeated = len(a.comments) - len(themes)
    once = f", each shown once ({count_text(repeated, 'repeat')} folded in)" if repeated > 0 else ""
    top = f"The {COMMENTS_SHOWN} most widely made of " if len(themes) > COMMENTS_SHOWN else ""
    return (f"{top}{count_text(len(themes), 'comment')} from the {a.wave:%B %Y} assessment{once}, "
            f"{'by name, as the client agreed' if show_names else 'by role'}")


def heatmap_cells(a: Assessment, show_names: bool = False) -> pd.DataFrame:
    """The heatmap's cells: by role (the role's scores, as the role chart shows them, with its
    number of respondents), or by named respondent (their mean answer) when the client agreed."""
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    if show_names:
        table = a.heatmap.rename(columns=names)
        table.index = [f"{r} ({a.respondent_roles.get(r, '')})" for r in table.index]
    else:
        table = role_scores(a).T
        table.index = [f"{role} ({count_text(a.role_counts.get(role, 0), 'respondent')})" for role in table.index]
    long = table.rename_axis("row").reset_index().melt(id_vars="row", var_name="dimension", value_name="score").dropna()
    long["label"] = [score_text(v) for v in long["score"]]
    return long.reset_index(drop=True)


def heatmap_caption(a: Assessment, show_names: bool) -> str:
    if show_names:
        return (f"The mean answer of each of the {a.respondents} respondents in each dimension, named as the "
                "client agreed.")
    return (f"Each role's score in each dimension, from {count_text(a.respondents, 'respondent')} in "
            f"{count_text(len(a.role_counts), 'role')}; no respondent is named.")


def priorities_note(a: Assessment, consultant: str | None, decide_on: dt.date) -> str:
    lead = consultant or "The PMO lead"
    return (f"{lead} leads each step with the people who run the function. Each 'Done by' date counts the step's "
            f"weeks from the approval of these priorities, requested by {date_text(approve_by(a, decide_on))}.")
