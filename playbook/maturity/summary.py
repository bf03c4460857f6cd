"""The maturity deliverable's opening: one governing thought, three to five findings ordered by
what most needs the executive, and the decisions requested (what, who decides, by when).

Every figure is written as the charts and tables show it (one decimal for scores, two for
agreement, rounded half-up), tied dimensions are named together, and findings that rest on
contested or thin data come first: when most dimensions are contested the message is "calibrate
before investing", not the overall score.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from playbook.maturity.scoring import AGREEMENT_DIGITS, ROLE_SPLIT, RWG_FLAG, Assessment
from playbook.report.formatting import count_text, date_text, join_words, number_text, rounded
from playbook.report.notebook import Decision

PRIORITIES_AFTER_CALIBRATION_DAYS = 28  # re-scoring the contested dimensions takes about a month
SHOWN = 3  # names a finding lists before "and N more"
AGREEMENT_SCALE = "where 1 means everyone gave the same answer and 0 means answers as spread as random ones"
EMPTY = ("No maturity responses are recorded yet: run the workshop (the form in this notebook appends each "
         "respondent) and re-run to get scores, gaps and agreement.")


def score_text(value: float) -> str:
    return number_text(value, 1)


def agreement_text(value: float) -> str:
    return number_text(value, AGREEMENT_DIGITS)


def signed_text(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + score_text(abs(value))


def listed(items: list[str], shown: int = SHOWN) -> str:
    """"A, B and C", or "A, B, C and 4 more" for a long list."""
    if len(items) <= shown:
        return join_words(items)
    return join_words(items[:shown] + [f"{len(items) - shown} more"])


def scored(a: Assessment) -> pd.DataFrame:
    return a.dimensions.dropna(subset=["score"])


def contested(a: Assessment) -> pd.DataFrame:
    """Contested dimensions, least agreement first (as shown; ties in the model's order)."""
    low = a.dimensions[a.dimensions["low_agreement"]]
    shown = low["rwg"].map(lambda v: rounded(v, AGREEMENT_DIGITS))
    return low.assign(_shown=shown).sort_values("_shown", kind="stable")


def rated(a: Assessment) -> int:
    """Dimensions with an agreement figure (two answers or more to their questions)."""
    return int(a.dimensions["rwg"].notna().sum())


def mostly_contested(a: Assessment) -> bool:
    return rated(a) > 0 and 2 * len(contested(a)) > rated(a)


def share_text(part: int, whole: int) -> str:
    return f"all {whole}" if part == whole and whole > 1 else f"{part} of {whole}"


@dataclass(frozen=True)
class Extremes:
    strongest: list[str]
    top: float
    weakest: list[str]
    bottom: float


def extremes(a: Assessment) -> Extremes:
    """Strongest and weakest dimensions at the shown precision, ties named together."""
    d = scored(a)
    shown = d["score"].map(rounded)
    return Extremes(list(d.loc[shown == shown.max(), "name"]), float(shown.max()),
                    list(d.loc[shown == shown.min(), "name"]), float(shown.min()))


def named(names: list[str], value: float) -> str:
    """"Brand (3.0)", or "Brand and Content (3.0 each)"."""
    return f"{join_words(names)} ({score_text(value)}{' each' if len(names) > 1 else ''})"


def role_scores(a: Assessment) -> pd.DataFrame:
    """Dimension (by name) × role, each score as shown."""
    if a.roles.empty:
        return pd.DataFrame()
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    table = a.roles.drop(columns=["spread", "roles_disagree"]).rename(index=names)
    return table.apply(lambda col: col.map(lambda v: rounded(v) if pd.notna(v) else v))


@dataclass(frozen=True)
class RoleGap:
    """The highest- against the lowest-scoring role (on average), per dimension, as shown."""

    high: str
    low: str
    gaps: pd.Series  # dimension name -> high role's shown score minus the low role's

    @property
    def everywhere(self) -> bool:
        return bool((self.gaps > 0).all())

    @property
    def large(self) -> bool:
        return self.everywhere and float(self.gaps.mean()) >= ROLE_SPLIT

    def range_text(self) -> str:
        lo, hi = float(self.gaps.min()), float(self.gaps.max())
        return score_text(lo) if lo == hi else f"{score_text(lo)} to {score_text(hi)}"

    def sentence(self) -> str:
        return f"{self.high} respondents score {self.range_text()} points above {self.low} respondents"


def role_gap(a: Assessment) -> RoleGap | None:
    table = role_scores(a)
    if table.shape[1] < 2:
        return None
    means = table.mean()
    high, low = str(means.idxmax()), str(means.idxmin())
    gaps = (table[high] - table[low]).dropna().map(rounded)
    return RoleGap(high, low, gaps) if len(gaps) and high != low else None


def role_splits(a: Assessment) -> pd.Series:
    """Per dimension, the spread between the roles as shown; dimensions a level or more apart."""
    table = role_scores(a)
    if table.shape[1] < 2:
        return pd.Series(dtype=float)
    spread = (table.max(axis=1) - table.min(axis=1)).dropna().map(rounded)
    return spread[spread >= ROLE_SPLIT]


# --- the findings --------------------------------------------------------------------------------

def caveat_finding(a: Assessment) -> str | None:
    if a.pending_wave is not None:
        return (f"**A new assessment is under way** ({date_text(a.pending_wave)}): {a.pending_respondents} of the "
                f"{a.min_respondents} respondents needed have answered, so this shows the {date_text(a.wave)} "
                "assessment until it has enough.")
    if a.respondents < a.min_respondents:
        return (f"**Only {a.respondents} of the {a.min_respondents} respondents needed** have answered: read "
                "these scores as a first impression, not the function's view.")
    return None


def agreement_finding(a: Assessment) -> str:
    low, n = contested(a), rated(a)
    if not n:
        return "Agreement cannot be measured yet: each question needs at least two answers."
    if low.empty:
        return (f"Respondents broadly agree: agreement is at least {RWG_FLAG} on every dimension ({AGREEMENT_SCALE}), "
                "so the scores can be read as a shared view.")
    names = [f"{name} ({agreement_text(r)})" for name, r in zip(low["name"], low["rwg"])]
    lead = "lowest on " if len(low) > SHOWN else ""
    then = ("Treat every score as contested until the people who gave them have agreed the facts."
            if mostly_contested(a) else "Treat these scores as contested and discuss them before acting on them.")
    return (f"**Respondents disagree on {share_text(len(low), n)} dimension{'s' if n > 1 else ''}** (agreement "
            f"below {RWG_FLAG}, {AGREEMENT_SCALE}): {lead}{listed(names)}. {then}")


def roles_finding(a: Assessment) -> str | None:
    gap = role_gap(a)
    if gap is not None and gap.large:
        widest = list(gap.gaps[gap.gaps == gap.gaps.max()].index)
        return (f"**{gap.sentence()} on every dimension**: the widest gap is on {join_words(widest)} "
                f"({score_text(gap.gaps.max())} points).")
    splits = role_splits(a)
    if splits.empty:
        return None
    dim = splits.idxmax()
    row = role_scores(a).loc[dim].dropna()
    hi, lo = row.idxmax(), row.idxmin()
    where = "for example on" if len(splits) > 1 else "on"
    return (f"**The roles see {count_text(len(splits), 'dimension')} differently** (a level or more apart): {where} "
            f"{dim}, {hi} respondents score {score_text(row[hi])} against {score_text(row[lo])} from {lo} "
            "respondents.")


def gaps_finding(a: Assessment) -> str:
    if a.gaps and mostly_contested(a):  # every score is in doubt: say so once, not after each name
        shown = [f"{g.name} ({score_text(g.score)} against a target of {g.target})" for g in a.gaps[:SHOWN]]
        return (f"**On today's contested scores, {len(a.gaps)} of {len(scored(a))} dimensions read below target.** "
                f"The largest gaps: {join_words(shown)}.")
    if a.gaps:
        shown = [f"{g.name} ({score_text(g.score)} against a target of {g.target}{', contested' if g.low_agreement else ''})"
                 for g in a.gaps[:SHOWN]]
        return f"**{len(a.gaps)} of {len(scored(a))} dimensions are below target.** Fix first: {join_words(shown)}."
    if a.dimensions["target"].notna().any():
        return "Every dimension with a target meets it: the next step is to raise the targets."
    return "No target levels are set yet: agree a target per dimension to decide where to invest."


def overall_finding(a: Assessment) -> str:
    e = extremes(a)
    basis = ", but it rests on contested scores" if mostly_contested(a) else ""
    head = (f"Overall maturity is **{score_text(a.overall)} of 5** ({a.model.level_name(rounded(a.overall))}) from "
            f"{count_text(a.respondents, 'respondent')} in the {date_text(a.wave)} assessment{basis}")
    if e.top == e.bottom:
        return f"{head}; every dimension scores {score_text(e.top)}."
    return (f"{head}; the strongest {'dimensions are' if len(e.strongest) > 1 else 'dimension is'} "
            f"{named(e.strongest, e.top)} and the weakest {named(e.weakest, e.bottom)}.")


def trend_change(a: Assessment) -> pd.Series:
    """Per dimension (by name), the change since the previous wave between the shown scores."""
    if len(a.waves) < 2:
        return pd.Series(dtype=float)
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    now, before = a.trend[a.waves[-1]], a.trend[a.waves[-2]]
    change = (now.map(rounded, na_action="ignore") - before.map(rounded, na_action="ignore")).dropna()
    return change.map(rounded).rename(index=names)


def trend_finding(a: Assessment) -> str | None:
    change = trend_change(a)
    if change.empty:
        return None
    before, now = rounded(a.trend[a.waves[-2]].mean()), rounded(a.overall)
    verb = "rose" if now > before else "fell" if now < before else "held steady"
    best = float(change.max())
    moved = (f"{join_words(list(change[change == best].index))} improved most ({signed_text(best)})" if best > 0
             else "no dimension improved")
    return (f"Since the {a.waves[-2]:%B %Y} assessment, overall maturity {verb} from {score_text(before)} to "
            f"{score_text(now)}; {moved}.")


def findings(a: Assessment) -> list[str]:
    """Three to five findings, most needed first: thin data, then disagreement that undermines the
    scores, then where to invest, then the rest."""
    if a.empty:
        return [EMPTY]
    doubt, roles = mostly_contested(a), roles_finding(a)
    gap = role_gap(a)
    big_split = gap is not None and gap.large
    out = [caveat_finding(a)]
    out += [agreement_finding(a)] if doubt else []
    out += [roles] if big_split else []
    out += [gaps_finding(a)]
    out += [] if doubt else [agreement_finding(a)]
    out += [] if big_split else [roles]
    out += [overall_finding(a), trend_finding(a)]
    return [f for f in out if f][:5]


def governing(a: Assessment) -> str:
    """The one sentence the executive should take away."""
    if a.empty:
        return "There is no maturity assessment yet: hold the workshop before deciding where to invest."
    if a.respondents < a.min_respondents:
        return (f"Treat these scores as a first impression: only {a.respondents} of the {a.min_respondents} "
                "respondents needed have answered, so complete the assessment before investing.")
    if mostly_contested(a):
        gap = role_gap(a)
        split = f" and {gap.sentence()}" if gap is not None and gap.large else ""
        return (f"Calibrate before investing: respondents disagree on {share_text(len(contested(a)), rated(a))} "
                f"dimension{'s' if rated(a) > 1 else ''}{split}, so agree the facts in one session before funding "
                "any improvement.")
    overall = f"overall maturity is {score_text(a.overall)} of 5 ({a.model.level_name(rounded(a.overall))})"
    if a.gaps:
        first = a.gaps[:SHOWN]
        which = "it is" if len(first) == 1 else "they are"
        return (f"Invest first in {join_words([g.name for g in first])}: {which} furthest below target, "
                f"and {overall}.")
    if a.dimensions["target"].notna().any():
        return f"Every dimension meets its target and {overall}: raise the targets to keep improving."
    return f"{overall[0].upper() + overall[1:]}: agree a target per dimension to decide where to invest."


def approve_by(a: Assessment, decide_on: dt.date) -> dt.date:
    """When the improvement priorities are approved: at the client's decision date (its next
    steering meeting), or four weeks later, after the calibration session, when most scores are
    contested."""
    later = dt.timedelta(days=PRIORITIES_AFTER_CALIBRATION_DAYS if mostly_contested(a) else 0)
    return decide_on + later


def decisions(a: Assessment, sponsor: str, decide_on: dt.date) -> list[Decision]:
    """What the deliverable asks for, each with who decides and by when (`decide_on`: the
    client's decision date, `intake.client.steering_date`)."""
    by = decide_on
    if a.empty:
        return [Decision("Hold the maturity workshop with executives, managers and delivery staff", sponsor, by)]
    out = []
    missing = a.min_respondents - (a.pending_respondents if a.pending_wave is not None else a.respondents)
    if missing > 0:
        out.append(Decision(f"Ask {count_text(missing, 'more respondent')} to complete the assessment", sponsor, by))
    low = contested(a)
    if mostly_contested(a):
        gap = role_gap(a)
        who = f"{gap.high} and {gap.low} respondents" if gap is not None and gap.large else "the respondents"
        out.append(Decision(f"Hold a calibration session in which {who} agree the facts on the "
                            f"{count_text(len(low), 'contested dimension')}, then re-score them", sponsor, by))
        if a.gaps:
            out.append(Decision(f"Approve the improvement priorities once the scores are agreed (today the first "
                                f"is {a.gaps[0].name})", sponsor, approve_by(a, by)))
        return out
    if a.gaps:
        out.append(Decision(f"Approve the first improvements: {join_words([g.name for g in a.gaps[:SHOWN]])} "
                            "(the steps under 'What to fix first')", sponsor, by))
    else:
        out.append(Decision("Set the target levels for the next assessment", sponsor, by))
    if not low.empty:
        out.append(Decision(f"Confirm the contested scores of {listed(list(low['name']))} with the people who gave "
                            "them, before relying on them", sponsor, by))
    return out
