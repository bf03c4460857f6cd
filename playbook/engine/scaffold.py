"""`playbook new-client`: a client folder that is valid from its first minute.

client.yaml is written from a commented template (templates/onboarding/new-client.yaml), not
dumped from the model, so every section is there with a note on each field and a consultant can
fill it in without the design document. Facts only the client can give are left empty: the
deliverables then say what is missing instead of guessing. The CSVs get their headers and no rows.
"""
from __future__ import annotations

from pathlib import Path
from string import Template

from playbook.benefits import register as benefit_register
from playbook.prioritisation import portfolio
from playbook.maturity import responses
from playbook.practice import feedback, timesheet
from playbook.intake.atomic import atomic_write
from playbook.intake.client import FILE, Role
from playbook.errors import PlaybookError
from playbook.intake.paths import TEMPLATES, client_dir

TEMPLATE = TEMPLATES / "onboarding" / "new-client.yaml"
CSV_HEADERS: dict[str, list[str]] = {
    responses.FILE: responses.REQUIRED + responses.OPTIONAL,
    portfolio.FILE: portfolio.REQUIRED + portfolio.OPTIONAL,
    benefit_register.FILE: benefit_register.REQUIRED + benefit_register.OPTIONAL,
    benefit_register.ACTUALS_FILE: benefit_register.ACTUALS_REQUIRED + benefit_register.ACTUALS_OPTIONAL,
    timesheet.FILE: timesheet.REQUIRED + timesheet.OPTIONAL,
    feedback.FILE: feedback.REQUIRED + feedback.OPTIONAL,
}


class ClientExists(PlaybookError):
    """The client folder is already there; scaffolding over it would overwrite real work."""


def display_name(client_id: str) -> str:
    """A placeholder name from the slug ("acme-test" -> "Acme Test") until the consultant sets one."""
    return " ".join(part.capitalize() for part in client_id.split("-"))


def client_yaml(client_id: str, role: Role) -> str:
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        client_id=client_id, client_name=display_name(client_id), role=role)


def new_client(client_id: str, data_dir: Path, role: Role = "pmo") -> Path:
    """Create data_dir/client_id with client.yaml and the empty CSVs; refuse an existing folder."""
    folder = client_dir(data_dir, client_id, must_exist=False)  # refuses a bad slug
    try:
        folder.mkdir(parents=True)  # atomic: of two concurrent calls, one gets FileExistsError
    except FileExistsError:
        raise ClientExists(f"client '{client_id}' already exists at {folder}: choose another id, "
                           "or edit its files there") from None
    atomic_write(folder / FILE, client_yaml(client_id, role))
    for name, header in CSV_HEADERS.items():
        atomic_write(folder / name, ",".join(header) + "\n")
    return folder
