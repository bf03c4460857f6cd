"""AHP criterion weights from pairwise judgements (Saaty's eigenvector method).

Workshops produce judgements one pair at a time and people are rarely perfectly consistent, so
besides the weights we report how inconsistent the judgements are (CR) and which single
judgement to revisit first; asking the room to reconsider one named pair works far better than
telling it "CR is 0.14".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from playbook.errors import PlaybookError

if TYPE_CHECKING:
    from playbook.intake.client import Client

# Saaty's random consistency index for n = 1..15 (index 0 is n = 1).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)
CR_THRESHOLD = 0.10
# Rounded reciprocals such as 0.11 for 1/9 are how people type them, so the 1/9..9 check allows
# a 2% slack on the ratio scale.
_SLACK = math.log(1.02)


class JudgementError(PlaybookError):
    """The judgements cannot form a complete reciprocal matrix; lists every offending pair."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        n = len(problems)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} with the AHP judgements:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


class InconsistentJudgement(NamedTuple):
    """The judgement to revisit: `a` over `b` was given as `given`; the other judgements imply
    `implied`. With three criteria (`pinned` False) no single judgement can be blamed: the three
    form one loop, and this is that loop seen from one (alphabetically first) pair."""

    a: str
    b: str
    given: float
    implied: float
    pinned: bool = True


@dataclass(frozen=True)
class AhpResult:
    criteria: tuple[str, ...]
    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    worst: InconsistentJudgement | None  # set only when not consistent
    matrix: pd.DataFrame = field(compare=False, repr=False)
    typed: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)  # each pair as given

    def implied(self, a: str, b: str) -> float:
        """What the other judgements say 'a over b' should be: a_ak · a_kb through every third
        criterion k, their geometric mean. The judgement itself plays no part, unlike the
        weights' ratio w_a / w_b (which it falls back to with two criteria: nothing else to ask)."""
        m = self.matrix.to_numpy()
        i, j = self.criteria.index(a), self.criteria.index(b)
        paths = [m[i, k] * m[k, j] for k in range(len(self.criteria)) if k not in (i, j)]
        return float(np.exp(np.mean(np.log(paths)))) if paths else self.weights[a] / self.weights[b]

    def warning(self) -> str | None:
        """The sentence a workshop needs when the judgements should be revisited."""
        if self.worst is None:
            return None
        w = self.worst
        head = f"The judgements are inconsistent (CR {self.cr:.2f}, the limit is {CR_THRESHOLD:.2f}). "
        if not w.pinned:
            (x, y), (u, z) = sorted(p for p in self.typed if set(p) != {w.a, w.b})
            return head + (
                f"With three criteria no single judgement can be blamed: '{x} over {y}' "
                f"({_ratio(self.matrix.at[x, y])}) and '{u} over {z}' ({_ratio(self.matrix.at[u, z])}) imply "
                f"'{w.a} over {w.b}' of about {_ratio(w.implied)}, but it was given as {_ratio(w.given)}. "
                "Revisit the three together."
            )
        return head + (
            f"Revisit '{w.a} over {w.b}': it was given as {_ratio(w.given)}, "
            f"the other judgements imply about {_ratio(w.implied)}."
        )


def ahp_weights(criteria: list[str], judgements: dict[tuple[str, str], float]) -> AhpResult:
    """Weights, λmax, CI and CR for `judgements[(a, b)] = v`, meaning "a over b: v"."""
    names = tuple(criteria)
    n = len(names)
    if n == 0 or n > len(RANDOM_INDEX) or len(set(names)) != n:
        raise JudgementError(
            [f"AHP needs 1 to {len(RANDOM_INDEX)} distinct criteria, got {list(names)}"]
        )
    matrix = _matrix(names, judgements)
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    k = int(np.argmax(eigenvalues.real))
    w = np.abs(eigenvectors[:, k].real)
    w = w / w.sum()
    lambda_max = float(eigenvalues[k].real)
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    cr = ci / RANDOM_INDEX[n - 1] if n > 2 else 0.0
    consistent = cr < CR_THRESHOLD
    return AhpResult(
        criteria=names,
        weights={c: float(x) for c, x in zip(names, w)},
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        consistent=consistent,
        worst=None if consistent else _worst(names, matrix, w, judgements),
        matrix=pd.DataFrame(matrix, index=list(names), columns=list(names)),
        typed=tuple((a, b) if (a, b) in judgements else (b, a) for a, b in combinations(names, 2)),
    )


def _matrix(names: tuple[str, ...], judgements: dict[tuple[str, str], float]) -> np.ndarray:
    """The reciprocal matrix, after collecting every problem so one error lists them all."""
    index = {c: i for i, c in enumerate(names)}
    problems: list[str] = []
    for (a, b), v in judgements.items():
        unknown = [c for c in (a, b) if c not in index]
        if unknown:
            problems.append(f"'{a} over {b}' names unknown criteria {unknown}")
        elif a == b:
            problems.append(f"'{a} over {b}' compares a criterion with itself")
        elif not _in_scale(v):
            problems.append(f"'{a} over {b}' is {v!r}; expected a number from 1/9 to 9")
        elif (b, a) in judgements and _in_scale(judgements[(b, a)]) and a < b:
            if not math.isclose(float(v) * float(judgements[(b, a)]), 1.0, rel_tol=0.02):
                problems.append(
                    f"'{a} over {b}' is {v!r} but '{b} over {a}' is {judgements[(b, a)]!r}; "
                    "expected one to be the reciprocal of the other"
                )
    matrix = np.ones((len(names), len(names)))
    for a, b in combinations(names, 2):
        v = judgements.get((a, b))
        if v is None and (b, a) in judgements:
            v = 1.0 / judgements[(b, a)] if _in_scale(judgements[(b, a)]) else None
        if v is None:
            if (a, b) not in judgements and (b, a) not in judgements:
                problems.append(f"'{a} over {b}' is missing")
            continue
        if _in_scale(v):
            matrix[index[a], index[b]] = float(v)
            matrix[index[b], index[a]] = 1.0 / float(v)
    if problems:
        raise JudgementError(problems)
    return matrix


def _in_scale(v: object) -> bool:
    return (
        isinstance(v, (int, float))
        and not isinstance(v, bool)
        and math.isfinite(v)
        and v > 0
        and abs(math.log(v)) <= math.log(9) + _SLACK
    )


def _worst(
    names: tuple[str, ...],
    matrix: np.ndarray,
    w: np.ndarray,
    judgements: dict[tuple[str, str], float],
) -> InconsistentJudgement:
    """Saaty's perturbation ε_ij = a_ij·w_j/w_i: the pair maximising ε + 1/ε strays furthest (ties
    go to the alphabetically first pair, so the order criteria are listed in never matters). With
    three criteria all three pairs stray equally by construction: the judgement is not pinned."""
    eps = matrix * w[None, :] / w[:, None]
    stray = eps + 1.0 / eps
    pairs = [(i, j) for i in range(len(names)) for j in range(len(names)) if i != j]
    top = max(stray[i, j] for i, j in pairs)
    i, j = min(((i, j) for i, j in pairs if stray[i, j] >= top * (1 - 1e-9)), key=lambda ij: sorted(
        (names[ij[0]], names[ij[1]])))
    a, b = names[i], names[j]
    if (a, b) not in judgements:  # report the pair the way round the workshop typed it
        a, b, i, j = b, a, j, i
    others = [matrix[i, k] * matrix[k, j] for k in range(len(names)) if k not in (i, j)]
    implied = float(np.exp(np.mean(np.log(others))))
    return InconsistentJudgement(a, b, float(matrix[i, j]), implied, pinned=len(names) > 3)


def _ratio(v: float) -> str:
    return f"{v:.2g}" if v >= 1 else f"1/{1 / v:.2g}"


def client_judgements(client: Client) -> dict[tuple[str, str], float]:
    """client.yaml's "a over b: v" judgements in the form playbook.ahp takes: {(a, b): v}."""
    out = {}
    for text, value in client.prioritisation.pairwise.items():
        a, _, b = text.partition(" over ")
        out[(a.strip(), b.strip())] = float(value)
    return out

