"""One exception tree for everything a consultant or operator can get wrong.

A consultant's typo must read as a sentence naming the file, row, field, what was found and
what was expected; only bugs should ever surface as tracebacks. Everything here derives from
`PlaybookError` so the CLI can catch the whole family in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable


class PlaybookError(Exception):
    """Root of every error the playbook raises on purpose."""


@dataclass(frozen=True)
class Issue:
    """One problem in one place of one input file."""

    file: str
    field: str
    found: Any
    expected: str
    row: int | None = None  # 1-based data row (the header is not counted)
    line: int | None = None  # 1-based physical line: YAML files, and a CSV row's first line

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.line if self.line is not None else self.row + 1})"
        elif self.line is not None:
            where += f", line {self.line}"
        found = _show(self.found)
        return f"{where}, field '{self.field}': found {found}; expected {self.expected}"


class Text(str):
    """A description of what was found ("shares summing to 1.30"), shown without quotes."""


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) and not isinstance(value, Text) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class DataError(PlaybookError):
    """Input data broke the data contract; carries every issue found, not only the first."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues: list[Issue] = list(issues)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.issues)
        head = f"{n} problem{'s' if n != 1 else ''} in the input data:"
        return "\n".join([head] + [f"  - {i}" for i in self.issues])


class ClientIdError(PlaybookError):
    """A client id that is not a safe slug (and so must never reach a path)."""


class ClientNotFound(PlaybookError):
    """The client's folder does not exist under the data folder."""


class TemplateError(PlaybookError):
    """A firm-customisable template (maturity model, recommendations, deliverable) is broken."""


class ParameterError(PlaybookError):
    """Notebook parameters that do not match the notebook's typed schema."""


class ExecutionError(PlaybookError):
    """A notebook raised while executing; names the cell and keeps the executed notebook."""

    def __init__(self, message: str, notebook: Path | None = None, cell: int | None = None):
        self.notebook = notebook
        self.cell = cell
        super().__init__(message)


class OutputError(PlaybookError):
    """A deliverable could not be written (a full disk, no permission); the last good one stays."""


class RenderError(PlaybookError):
    """The executed notebook could not be turned into a deliverable."""


def raise_if(issues: list[Issue]) -> None:
    """Raise a DataError for a non-empty list, so callers collect first and fail once."""
    if issues:
        raise DataError(issues)
