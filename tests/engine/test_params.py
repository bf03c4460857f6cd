"""Papermill parameters are checked against a typed schema before anything executes."""
from __future__ import annotations

import pytest

from playbook.errors import ClientIdError, ParameterError
from playbook.intake.paths import client_dir, report_dir
from playbook.engine.run import make_params


def test_valid_parameters_pass_through():
    p = make_params(client_id="acme-logistics", data_dir="/data/clients", as_of="2026-11-01")
    assert p.model_dump() == {"client_id": "acme-logistics", "data_dir": "/data/clients",
                              "as_of": "2026-11-01", "mode": "report", "firm": None}


def test_the_firm_statistics_are_a_mapping_or_nothing():
    p = make_params(client_id="acme", data_dir="/d", firm={"reference_classes": {}})
    assert p.firm == {"reference_classes": {}}
    with pytest.raises(ParameterError):
        make_params(client_id="acme", data_dir="/d", firm="import os")


@pytest.mark.parametrize("values", [
    {"client_id": "acme", "data_dir": "/d", "extra": 1},                       # unknown parameter: refused
    {"client_id": 'x"; import os; os.system("id")  #', "data_dir": "/d"},     # code in a value
    {"client_id": "acme", "data_dir": "/d", "as_of": "2026-11-01\nimport os"},
    {"client_id": "acme", "data_dir": "relative/path"},
    {"client_id": "acme", "data_dir": "/d\nimport os"},
    {"client_id": "acme", "data_dir": "/d", "mode": "exec"},
])
def test_bad_parameters_are_refused(values):
    with pytest.raises((ParameterError, ClientIdError)):
        make_params(**values)


@pytest.mark.parametrize("bad", ["..", "../x", "a/b", "/etc", "A-Upper", "-lead", "trail-", "x" * 65, "", "a b", "é"])
def test_client_ids_never_reach_a_path(tmp_path, bad):
    with pytest.raises(ClientIdError):
        client_dir(tmp_path, bad, must_exist=False)
    with pytest.raises(ClientIdError):
        report_dir(tmp_path, bad)


def test_slug_limits_are_inclusive(tmp_path):
    assert client_dir(tmp_path, "a" * 64, must_exist=False).name == "a" * 64
    assert client_dir(tmp_path, "7", must_exist=False).name == "7"
