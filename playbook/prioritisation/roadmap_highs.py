"""The few HiGHS calls the roadmap's two models share: binary columns, sparse rows, a timed run.

highspy directly rather than scipy's milp: the models stay in one HiGHS instance between runs
(audit cuts, a relaxation re-solved after a no-good, selections fixed and freed) and take a warm
start. The thread count is left alone: HiGHS has one scheduler per process, and the one-period
selection may already have started it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse

Row = tuple[dict[int, float], float, float]  # {column: coefficient}, lower, upper


@dataclass(frozen=True)
class Outcome:
    x: np.ndarray | None  # the best solution found (rounded to 0/1), or None
    proven: bool  # optimal, or (with x None) infeasible
    bound: float  # proven upper bound on the maximised objective (inf when none)


def model(lower: np.ndarray, upper: np.ndarray, gain: np.ndarray):
    """A HiGHS instance maximising gain·x over binary x, with no rows yet."""
    import highspy

    h = highspy.Highs()
    for name, value in (("output_flag", False), ("mip_rel_gap", 0.0), ("random_seed", 7)):
        h.setOptionValue(name, value)
    m = len(gain)
    index = np.arange(m, dtype=np.int32)
    h.addVars(m, np.asarray(lower, dtype=float), np.asarray(upper, dtype=float))
    h.changeColsCost(m, index, -np.asarray(gain, dtype=float))
    h.changeColsIntegrality(m, index, np.ones(m, dtype=np.uint8))
    return h


def add_rows(h, rows: Sequence[Row]) -> None:
    if not rows:
        return
    import highspy

    width = h.getNumCol()
    matrix = sparse.csr_array(([v for r, _, _ in rows for v in r.values()],
                               ([n for n, (r, _, _) in enumerate(rows) for _ in r], [q for r, _, _ in rows for q in r])),
                              shape=(len(rows), width))
    lower = np.array([max(lo, -highspy.kHighsInf) for _, lo, _ in rows])
    upper = np.array([min(up, highspy.kHighsInf) for _, _, up in rows])
    h.addRows(len(rows), lower, upper, matrix.nnz, matrix.indptr[:-1].astype(np.int32),
              matrix.indices.astype(np.int32), matrix.data)


def run(h, seconds: float, warm: np.ndarray | None = None) -> Outcome:
    """Solve within `seconds`, from `warm` if given."""
    import highspy

    h.setOptionValue("time_limit", max(float(seconds), 0.01))
    if warm is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(map(float, warm))
        h.setSolution(solution)
    h.run()
    status, info = h.getModelStatus(), h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return Outcome(None, True, -np.inf)
    if h.getNumCol() == 0:
        return Outcome(np.zeros(0, dtype=bool), True, 0.0)
    bound = -float(info.mip_dual_bound)
    if info.primal_solution_status == 0:
        return Outcome(None, False, bound if np.isfinite(bound) else np.inf)
    x = np.asarray(h.getSolution().col_value) > 0.5
    return Outcome(x, status == highspy.HighsModelStatus.kOptimal, bound)
