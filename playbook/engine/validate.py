"""Check a client's files without running anything, collecting every problem.

Each data file of the contract has one validator; a run checks the files its notebook reads,
`playbook validate` checks them all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from playbook.benefits import register as benefit_register
from playbook.delivery import loading as delivery_loading
from playbook.maturity import model as maturity_model
from playbook.prioritisation import portfolio, votes
from playbook.maturity import responses
from playbook.practice import feedback, timesheet
from playbook.intake.client import Client, as_of, load_client
from playbook.intake.csv_files import located
from playbook.errors import DataError, Issue, TemplateError

Validator = Callable[[Path, Client], list[Issue]]
# Keyed by the files one check covers: files that can only be checked together (the benefit
# actuals need the register's ids) share one check, so each file is read once.
VALIDATORS: dict[tuple[str, ...], Validator] = {}


def validator(*filenames: str) -> Callable[[Validator], Validator]:
    def register(fn: Validator) -> Validator:
        VALIDATORS[filenames] = fn
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


@validator(benefit_register.FILE, benefit_register.ACTUALS_FILE)
def _benefits(folder: Path, client: Client) -> list[Issue]:
    return benefit_register.load(folder, client)[1]


@validator(*delivery_loading.FILES)
def _delivery(folder: Path, client: Client) -> list[Issue]:
    """Checked against the portfolio's ids and statuses; the portfolio's own issues are its check's."""
    frame, problems = portfolio.load(folder, client)
    return delivery_loading.load(folder, None if problems else frame, as_of(client))[1]


@validator(portfolio.FILE)
def _portfolio(folder: Path, client: Client) -> list[Issue]:
    return portfolio.load(folder, client)[1]


@validator(timesheet.FILE)
def _timesheet(folder: Path, client: Client) -> list[Issue]:
    return timesheet.load(folder, client, as_of(client))[1]


@validator(feedback.FILE)
def _feedback(folder: Path, client: Client) -> list[Issue]:
    return feedback.load(folder, client, as_of(client))[1]
@validator(votes.FILE)
def _votes(folder: Path, client: Client) -> list[Issue]:
    return votes.load(folder, client)[1]


def check(folder: Path, files: Iterable[str] | None = None) -> list[Issue]:
    """Every issue in the client's files (all of them, or just `files`)."""
    return [issue for found in check_each(folder, files).values() for issue in found]


def check_each(folder: Path, files: Iterable[str] | None = None) -> dict[tuple[str, ...], list[Issue]]:
    """The issues each check finds, keyed by the files it covers; client.yaml's own come first
    under ("client.yaml",) (when it cannot be read at all, that is the only entry). A check may
    also name client.yaml settings that only its files use, such as the maturity model, so those
    stay with the notebooks that read its files."""
    try:
        client = load_client(folder)
    except DataError as exc:
        return {("client.yaml",): exc.issues}
    wanted = set(files) if files is not None else {f for group in VALIDATORS for f in group}
    found: dict[tuple[str, ...], list[Issue]] = {("client.yaml",): []}
    for group, fn in VALIDATORS.items():
        if wanted & set(group):
            found[group] = located(folder, fn(folder, client))
    return found


def require_valid(folder: Path, files: Iterable[str] | None = None) -> None:
    issues = check(folder, files)
    if issues:
        raise DataError(issues)
