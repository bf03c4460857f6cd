"""Check a client's files without running anything, collecting every problem.

Each data file of the contract has one validator; a run checks the files its notebook reads,
`playbook validate` checks them all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from playbook import benefit_register, maturity_model, portfolio, responses
from playbook.client import Client, as_of, load_client
from playbook.errors import DataError, Issue, TemplateError

Validator = Callable[[Path, Client], list[Issue]]
VALIDATORS: dict[str, Validator] = {}


def validator(filename: str) -> Callable[[Validator], Validator]:
    def register(fn: Validator) -> Validator:
        VALIDATORS[filename] = fn
        return fn
    return register


@validator(responses.FILE)
def _maturity(folder: Path, client: Client) -> list[Issue]:
    settings = client.maturity
    try:
        model = maturity_model.get(settings.model)
    except TemplateError as exc:
        return [Issue("client.yaml", "maturity.model", settings.model, str(exc).split(": ", 1)[-1])]
    dims = [d.id for d in model.dimensions]
    issues = [Issue("client.yaml", f"maturity.targets.{d}", d, f"a dimension of the '{model.id}' model: "
                    + ", ".join(dims)) for d in settings.targets if d not in dims]
    return issues + responses.load(folder, model, as_of(client))[1]


def _benefit_validator(file: str) -> Validator:
    """One load checks benefits.csv and benefit_actuals.csv together (the actuals need the
    register's ids); each file's validator keeps that file's issues, so nothing is listed twice."""
    def check_file(folder: Path, client: Client) -> list[Issue]:
        return [i for i in benefit_register.load(folder, client)[1] if i.file == file]
    return validator(file)(check_file)


_benefit_validator(benefit_register.FILE)
_benefit_validator(benefit_register.ACTUALS_FILE)


@validator(portfolio.FILE)
def _portfolio(folder: Path, client: Client) -> list[Issue]:
    return portfolio.load(folder, client)[1]


def check(folder: Path, files: Iterable[str] | None = None) -> list[Issue]:
    """Every issue in the client's files (all of them, or just `files`)."""
    return [issue for found in check_each(folder, files).values() for issue in found]


def check_each(folder: Path, files: Iterable[str] | None = None) -> dict[str, list[Issue]]:
    """The issues each file's check finds, by file: client.yaml's own first (when it cannot be
    read at all, that is the only entry). A file's check may also name client.yaml settings
    that only it uses, such as the maturity model, so they stay with that file."""
    try:
        client = load_client(folder)
    except DataError as exc:
        return {"client.yaml": exc.issues}
    wanted = set(files) if files is not None else set(VALIDATORS)
    found: dict[str, list[Issue]] = {"client.yaml": []}
    for name, fn in VALIDATORS.items():
        if name in wanted:
            found[name] = fn(folder, client)
    return found


def require_valid(folder: Path, files: Iterable[str] | None = None) -> None:
    issues = check(folder, files)
    if issues:
        raise DataError(issues)
