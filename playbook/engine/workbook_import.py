"""`playbook import CLIENT FILE.xlsx`: check a filled workbook as a whole, then write all of
the client's files or none.

The workbook is checked exactly as a run would read it: in a private copy of the client's
folder where the workbook stands for the CSVs it has sheets for, by the same validators, so
every problem is named by sheet and cell. Only a workbook without problems is written. A
client folder keeps one format: one that keeps CSVs gets CSVs (only those whose rows changed),
one that keeps client.xlsx gets the new workbook in its place.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from playbook.engine.validate import VALIDATORS, check
from playbook.errors import DataError, Issue, PlaybookError, Text
from playbook.intake.contract_columns import BY_SHEET, SPECS, FileSpec
from playbook.intake.csv_files import exists, read_csv
from playbook.intake.csv_import import FileChange, csv_bytes, diff, write_all
from playbook.intake.paths import client_dir
from playbook.intake.workbook_read import WORKBOOK, read_sheet, renamed, sheet_names, unreadable

README_SHEET = "read me"


@dataclass
class ImportResult:
    client_id: str
    source: str
    keeps: str  # "CSV files" or WORKBOOK
    changes: list[FileChange]
    ignored: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    dry_run: bool = False

    def report(self) -> str:
        lines = [f"{self.client_id} keeps its data as {self.keeps}; {self.source} checked "
                 f"({len(self.changes)} sheet{'s' if len(self.changes) != 1 else ''}): no problems."]
        lines += [f"  {c.file:<26} {c.summary()}" for c in self.changes]
        if self.ignored:
            lines.append("  sheets ignored (not data files): " + ", ".join(self.ignored))
        changed = [c.file for c in self.changes if c.any]
        if self.dry_run:
            lines.append(f"dry run: nothing written ({len(changed)} file(s) would change).")
        elif self.written:
            lines.append("written: " + ", ".join(self.written))
        else:
            lines.append("nothing to write: the workbook holds the client's current data.")
        return "\n".join(lines)


def _stage(folder: Path, source: Path, specs: list[FileSpec], keeps_book: bool, stage: Path) -> None:
    """The client's folder as it would be after the import, for the validators."""
    covered = {s.file for s in specs}
    stage.mkdir(parents=True)
    for item in folder.iterdir():
        if not item.is_file() or item.name.startswith(".") or item.name == WORKBOOK:
            continue
        if not keeps_book and item.name in covered:
            continue  # the workbook's sheet replaces this CSV
        shutil.copy2(item, stage / item.name)
    shutil.copyfile(source, stage / WORKBOOK)


def _problems(folder: Path, source: Path, shown: str, specs: list[FileSpec], keeps_book: bool) -> list[Issue]:
    """Every problem the workbook would cause, at its sheet and cell."""
    issues: list[Issue] = []
    if keeps_book:
        new = set(sheet_names(source))
        issues += [Issue(shown, "(file)", Text(f"no sheet '{name}'"),
                         f"every sheet the client keeps in {WORKBOOK} (it would lose that data)")
                   for key, name in sheet_names(folder / WORKBOOK).items() if key in BY_SHEET and key not in new]
    validated = {f for group in VALIDATORS for f in group}
    with tempfile.TemporaryDirectory(prefix="playbook-import-") as tmp:
        stage = Path(tmp) / folder.name
        _stage(folder, source, specs, keeps_book, stage)
        issues += check(stage)
        for spec in specs:
            if spec.file not in validated:  # no stage reads it yet: the contract's own rules
                issues += read_sheet(stage / WORKBOOK, spec.file, [c.name for c in spec.required],
                                     [c.name for c in spec.optional])[1]
    unique = {str(i): i for i in issues}
    return renamed(list(unique.values()), shown)


def import_workbook(data_dir: Path, client_id: str, source: Path, dry_run: bool = False) -> ImportResult:
    """Check `source` and, if it has no problem and this is not a dry run, write the files."""
    folder = client_dir(data_dir, client_id)
    if not Path(source).is_file():
        raise PlaybookError(f"no workbook at {source}")
    shown, source = Path(source).name, Path(source).resolve()  # the user's own file, wherever it lives
    problem = unreadable(source)
    if problem:
        raise DataError([Issue(shown, "(file)", Text(problem), "an .xlsx workbook")])
    names = sheet_names(source)
    specs = [s for s in SPECS if s.sheet in names]
    ignored = [n for key, n in names.items() if key not in BY_SHEET and key != README_SHEET]
    if not specs:
        raise DataError([Issue(shown, "(file)", Text("no sheet named after a data file"),
                               "sheets named " + ", ".join(BY_SHEET))])
    keeps_book = (folder / WORKBOOK).is_file()
    issues = _problems(folder, source, shown, specs, keeps_book)
    if issues:
        raise DataError(issues)
    changes = []
    for spec in specs:
        new, _ = read_sheet(source, spec.file, [])
        old = read_csv(folder / spec.file, [])[0] if exists(folder / spec.file) else None
        changes.append(diff(spec, old, new))
    result = ImportResult(client_id, shown, WORKBOOK if keeps_book else "CSV files", changes, ignored,
                          dry_run=dry_run)
    if dry_run or not any(c.any for c in changes):
        return result
    if keeps_book:
        write_all({folder / WORKBOOK: source.read_bytes()})
        result.written = [WORKBOOK]
    else:
        files = {folder / c.file: csv_bytes(c.columns, c.rows) for c in changes if c.any}
        write_all(files)
        result.written = [p.name for p in files]
    return result
