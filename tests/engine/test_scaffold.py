"""`playbook new-client`: a commented client.yaml that validates, empty CSVs, atomic writes, and
clear refusals of bad ids and existing clients."""
from __future__ import annotations

from pathlib import Path

import pytest

from playbook.engine import scaffold
from playbook.cli import main
from playbook.intake.client import load_client
from playbook.errors import ClientIdError
from playbook.engine.validate import check
from playbook.intake.yaml_files import load_rt

SECTIONS = ["client", "sector", "currency", "as_of", "engagement", "sponsor", "objectives", "workstreams",
            "stakeholders", "groups", "raci", "cadence", "resources", "maturity", "prioritisation"]


def test_new_client_writes_every_file(tmp_path):
    folder = scaffold.new_client("acme-test", tmp_path)
    assert folder == tmp_path / "acme-test"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["client.yaml", *scaffold.CSV_HEADERS])
    for name, header in scaffold.CSV_HEADERS.items():
        assert (folder / name).read_text(encoding="utf-8") == ",".join(header) + "\n"  # header, no rows
    assert (folder / "maturity_responses.csv").read_text().startswith("respondent,role,question,score")
    assert (folder / "portfolio.csv").read_text().startswith("id,name,objective,cost")


def test_client_yaml_has_every_section_commented_and_validates(tmp_path):
    folder = scaffold.new_client("acme-test", tmp_path)
    text = (folder / "client.yaml").read_text(encoding="utf-8")
    assert list(load_rt(folder / "client.yaml")) == SECTIONS
    engagement = text[text.index("engagement:"):text.index("sponsor:")].splitlines()[1:]
    fields = [line for line in engagement if line.strip()]
    assert len(fields) == 11 and all("#" in line for line in fields)  # every field explained
    assert "$" not in text.replace("$name", "")  # every placeholder filled
    client = load_client(folder)
    assert client.client == "Acme Test" and client.role == "pmo" and client.maturity.model == "pmo"
    assert client.engagement.day_rate is None and client.objectives == []  # nothing invented
    assert check(folder) == []


def test_cmo_role_sets_role_and_maturity_model(tmp_path):
    client = load_client(scaffold.new_client("nw-cmo", tmp_path, "cmo"))
    assert client.role == "cmo" and client.maturity.model == "cmo"


def test_every_write_is_atomic(tmp_path, monkeypatch):
    written = []
    real = scaffold.atomic_write
    monkeypatch.setattr(scaffold, "atomic_write", lambda path, data: written.append(Path(path).name) or real(path, data))
    scaffold.new_client("acme-test", tmp_path)
    assert sorted(written) == sorted(["client.yaml", *scaffold.CSV_HEADERS])


@pytest.mark.parametrize("bad", ["Acme", "acme_test", "../acme", "acme/test", "-acme", "acme-", "", "a" * 65])
def test_bad_slugs_are_refused_and_nothing_is_written(tmp_path, bad):
    with pytest.raises(ClientIdError, match="not valid"):
        scaffold.new_client(bad, tmp_path / "clients")
    assert not (tmp_path / "clients").exists() and list(tmp_path.iterdir()) == []


def test_an_existing_client_is_never_overwritten(tmp_path):
    folder = scaffold.new_client("acme-test", tmp_path)
    (folder / "client.yaml").write_text("client: Real work\n", encoding="utf-8")
    with pytest.raises(scaffold.ClientExists, match="already exists"):
        scaffold.new_client("acme-test", tmp_path)
    assert (folder / "client.yaml").read_text() == "client: Real work\n"


def test_cli_new_client(tmp_path, capsys):
    assert main(["new-client", "acme-test", "--role", "cmo", "--data-dir", str(tmp_path)]) == 0
    assert "client 'acme-test' created" in capsys.readouterr().out
    assert load_client(tmp_path / "acme-test").role == "cmo"


@pytest.mark.parametrize("bad", ["Acme_Test", "../etc"])
def test_cli_refuses_a_bad_slug_with_exit_1(tmp_path, capsys, bad):
    assert main(["new-client", bad, "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: client id") and "not valid" in err and "slug" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_an_existing_client_with_exit_1(tmp_path, capsys):
    assert main(["new-client", "acme-test", "--data-dir", str(tmp_path)]) == 0
    assert main(["new-client", "acme-test", "--data-dir", str(tmp_path)]) == 1
    assert "error: client 'acme-test' already exists" in capsys.readouterr().err


def test_cli_refuses_a_demo_client_id(data_dir, capsys):
    assert main(["new-client", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    assert "already exists" in capsys.readouterr().err
