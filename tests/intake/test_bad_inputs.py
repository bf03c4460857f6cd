"""The catalogue of bad inputs: one case per row, for every file of the data contract.

Each case replaces one file of a copy of a demo client and states what must happen: a clear
error (file, row or line, field, what was found, what was expected; `playbook validate` exits 1)
or acceptance where the intent is unambiguous, under a stated rule. No case may end in a
traceback.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from playbook.cli import main
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.engine.validate import check
from tests.intake.catalogue import (A_HEAD, B_HEAD, B_ROW, HEADER_ACTUALS, NO_ACTUALS, NO_BENEFITS, ONE_ACTUAL, P1, P2,
                                    P_HEAD, R_HEAD, Case, Fifo, Link, benefits, yaml_with)
from tests.intake.catalogue_hardening import HARDENING

RESPONSES = [
    Case("responses: missing file means no workshop yet", "maturity_responses.csv", None),
    Case("responses: empty file", "maturity_responses.csv", "", "(file)", "an empty file", "header row"),
    Case("responses: header only is an empty assessment", "maturity_responses.csv", R_HEAD),
    Case("responses: missing column", "maturity_responses.csv", "respondent,question,score\nAnn,GOV1,3\n",
         "role", "no such column", "a column named 'role'"),
    Case("responses: misspelt column suggests the closest", "maturity_responses.csv",
         "respondent,role,question,scroe\nAnn,Exec,GOV1,3\n", "score", "did you mean 'scroe'", "'score'"),
    Case("responses: wrong type", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,high,,\n",
         "score", "'high'", "integer in the range 1–5", row=1),
    Case("responses: out of range", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,3,,\nBob,Exec,GOV1,7,,\n",
         "score", "'7'", "1–5", row=2),
    Case("responses: half a point", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,3.5,,\n",
         "score", "'3.5'", "integer", row=1),
    Case("responses: duplicate answer", "maturity_responses.csv",
         R_HEAD + "Ann,Exec,GOV1,3,,2026-10-12\nAnn,Exec,GOV1,4,,2026-10-12\n",
         "question", "GOV1 answered again by Ann", "first at row 1", row=2),
    Case("responses: unknown question id", "maturity_responses.csv", R_HEAD + "Ann,Exec,XYZ9,3,,\n",
         "question", "'XYZ9'", "question id of the 'pmo' model", row=1),
    Case("responses: dd/mm/yyyy wave is refused", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,3,,12/10/2026\n",
         "wave", "'12/10/2026'", "YYYY-MM-DD", row=1),
    Case("responses: too many values in a row", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,3,,,surplus\n",
         "(row)", "7 values", "6 values", row=1),
    Case("responses: UTF-8 BOM is accepted", "maturity_responses.csv", "\ufeff" + R_HEAD + "Ann,Exec,GOV1,3,,\n"),
    Case("responses: Windows-1252 accents are accepted", "maturity_responses.csv",
         (R_HEAD + "José Núñez,Exec,GOV1,3,,\n").encode("cp1252")),
    Case("responses: semicolons with decimal commas are accepted", "maturity_responses.csv",
         "respondent;role;question;score\nAnn;Exec;GOV1;3,0\n"),
    Case("responses: trailing spaces are trimmed", "maturity_responses.csv", R_HEAD + "Ann  , Exec , GOV1 , 3 ,,\n"),
    Case("responses: blank trailing rows are ignored", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,3,,\n,,,,,\n\n\n"),
    Case("responses: blank score means don't know", "maturity_responses.csv", R_HEAD + "Ann,Exec,GOV1,,,\n"),
]

CLIENT = [
    Case("client.yaml: missing file", "client.yaml", None, "(file)", None, "a file at"),
    Case("client.yaml: empty file", "client.yaml", "", "(file)", "an empty file", "YAML mapping"),
    Case("client.yaml: a tab", "client.yaml", "client: Acme\n\tsector: x\n", "(syntax)", "\\t", "not allow tabs", line=2),
    Case("client.yaml: a duplicated key", "client.yaml", "client: Acme\nsector: A\nsector: B\n",
         "(syntax)", "duplicate key", "each key once", line=3),
    Case("client.yaml: a python/object tag never executes", "client.yaml",
         "client: !!python/object/apply:os.system ['touch PWNED']\n", "(syntax)", "python/object", "never executed", line=1),
    Case("client.yaml: a list where a mapping belongs", "client.yaml", "- client\n- Acme\n", "(file)", "CommentedSeq", "YAML mapping"),
    Case("client.yaml: wrong type", "client.yaml", yaml_with("weeks: 26", "weeks: many"),
         "engagement.weeks", "'many'", "a whole number", line=10),
    Case("client.yaml: out-of-range influence", "client.yaml",
         yaml_with("influence: 5, interest: 5, disposition: supportive}", "influence: 7, interest: 5, disposition: supportive}"),
         "stakeholders[1].influence", "7", "≤ 5"),
    Case("client.yaml: misspelt key suggests the closest", "client.yaml", yaml_with("engagement:", "engagment:"),
         "engagment", "unknown field", "did you mean 'engagement'"),
    Case("client.yaml: shares do not sum to 1", "client.yaml",
         yaml_with("{name: Portfolio governance, share: 0.35}", "{name: Portfolio governance, share: 0.65}"),
         "workstreams", "shares summing to 1.30", "sum to 1"),
    Case("client.yaml: RACI names someone unknown", "client.yaml",
         yaml_with("Ops board: I, Ravi Menon: C}", "Ops board: I, Ravi Menon: C, Mystery Person: C}"),
         "raci.Portfolio governance.Mystery Person", "'Mystery Person'", "a stakeholder"),
    Case("client.yaml: duplicate objective id", "client.yaml", yaml_with("{id: O2, title: Cut", "{id: O1, title: Cut"),
         "objectives", "'O1' twice", "once"),
    Case("client.yaml: unknown maturity model", "client.yaml", yaml_with("model: pmo", "model: p3m3"),
         "maturity.model", "'p3m3'", "pmo"),
    Case("client.yaml: target for an unknown dimension", "client.yaml", yaml_with("technology: 2}", "technology: 2, culture: 3}"),
         "maturity.targets.culture", "'culture'", "a dimension of the 'pmo' model"),
    Case("client.yaml: target level 6", "client.yaml", yaml_with("technology: 2}", "technology: 6}"),
         "maturity.targets.technology", "6", "≤ 5"),
    Case("client.yaml: currency not ISO 4217", "client.yaml", yaml_with("currency: GBP", "currency: pounds"),
         "currency", "'pounds'", "ISO 4217"),
    Case("client.yaml: dd/mm/yyyy date is refused", "client.yaml", yaml_with("due: 2027-12-31, owner: CFO", "due: 31/12/2027, owner: CFO"),
         "objectives[1].due", "'31/12/2027'", "YYYY-MM-DD"),
    Case("client.yaml: unknown role", "client.yaml", yaml_with("role: pmo", "role: cto"),
         "engagement.role", "'cto'", "one of pmo or cmo"),
    Case("client.yaml: negative day rate", "client.yaml", yaml_with("day_rate: 1100", "day_rate: -5"),
         "engagement.day_rate", "-5", "≥ 0"),
    Case("client.yaml: UTF-8 BOM is accepted", "client.yaml", "\ufeff" + yaml_with("client: Acme Logistics", "client: Acme Logistics")),
]

BENEFITS = [
    Case("benefits: missing file means no register yet", "benefits.csv", None, also=NO_ACTUALS),
    Case("benefits: empty file", "benefits.csv", "", "(file)", "an empty file", "header row", also=HEADER_ACTUALS),
    Case("benefits: header only", "benefits.csv", B_HEAD, also=HEADER_ACTUALS),
    Case("benefits: missing column", "benefits.csv", B_HEAD.replace(",direction", "") + B_ROW.replace(",decrease", ""),
         "direction", "no such column", "'direction'", also=ONE_ACTUAL),
    Case("benefits: misspelt column suggests the closest", "benefits.csv", B_HEAD.replace("baseline", "baseilne") + B_ROW,
         "baseline", "did you mean 'baseilne'", "'baseline'", also=ONE_ACTUAL),
    Case("benefits: wrong type", "benefits.csv", benefits(B_ROW.replace("0.62,0.54", "low,0.54")),
         "baseline", "'low'", "number", row=1, also=ONE_ACTUAL),
    Case("benefits: duplicate id", "benefits.csv", benefits(B_ROW, B_ROW), "id", "'B01'", "each benefit id once",
         row=2, also=ONE_ACTUAL),
    Case("benefits: unknown objective", "benefits.csv", benefits(B_ROW.replace(",O2,", ",O9,")),
         "objective", "'O9'", "O1", row=1, also=ONE_ACTUAL),
    Case("benefits: unknown initiative", "benefits.csv", benefits(B_ROW.replace(",I01,", ",I99,")),
         "initiative", "'I99'", "portfolio.csv", row=1, also=ONE_ACTUAL),
    Case("benefits: due before start", "benefits.csv",
         benefits(B_ROW.replace("2025-09-01,2027-06-30", "2027-09-01,2026-06-30")),
         "due", "2026-06-30", "after the start date", row=1, also=ONE_ACTUAL),
    Case("benefits: target equals baseline", "benefits.csv", benefits(B_ROW.replace("0.62,0.54", "0.62,0.62")),
         "target", "0.62", "different from the baseline", row=1, also=ONE_ACTUAL),
    Case("benefits: direction contradicts the target", "benefits.csv", benefits(B_ROW.replace(",decrease,", ",increase,")),
         "direction", "'increase'", "'decrease'", row=1, also=ONE_ACTUAL),
    Case("benefits: dd/mm/yyyy date", "benefits.csv", benefits(B_ROW.replace("2025-09-01", "01/09/2025")),
         "start", "'01/09/2025'", "YYYY-MM-DD", row=1, also=ONE_ACTUAL),
    Case("benefits: missing owner is not an error (not ready to track)", "benefits.csv",
         benefits(B_ROW.replace("Tom Hughes", "")), also=ONE_ACTUAL),
    Case("actuals: unknown benefit id", "benefit_actuals.csv", A_HEAD + "B01,2026-01-01,0.6,\nB99,2026-02-01,0.5,\n",
         "benefit", "'B99'", "benefits.csv", row=2),
    Case("actuals: unparseable date", "benefit_actuals.csv", A_HEAD + "B01,1st March,0.6,\n", "date", "'1st March'",
         "YYYY-MM-DD", row=1),
    Case("actuals: wrong type", "benefit_actuals.csv", A_HEAD + "B01,2026-03-01,n/a,\n", "value", "'n/a'", "number", row=1),
    Case("actuals: semicolons with decimal commas are accepted", "benefit_actuals.csv",
         "benefit;date;value;note\nB01;2026-03-01;0,6;read from the ledger\n"),
    Case("actuals: blank trailing rows are ignored", "benefit_actuals.csv", A_HEAD + "B01,2026-03-01,0.6,\n,,,\n\n"),
]

PORTFOLIO = [
    Case("portfolio: header only is an empty portfolio", "portfolio.csv", P_HEAD, also=NO_BENEFITS),
    Case("portfolio: missing criterion column", "portfolio.csv",
         P_HEAD.replace(",delivery_risk", "") + P1.replace(",5,5,3,", ",5,5,"), "delivery_risk", "no such column",
         "'delivery_risk'", also=NO_BENEFITS),
    Case("portfolio: wrong type", "portfolio.csv", P_HEAD + P1.replace("420000", "lots"), "cost", "'lots'", "a number",
         row=1, also=NO_BENEFITS),
    Case("portfolio: duplicate id", "portfolio.csv", P_HEAD + P1 + P1, "id", "'I01'", "each id once", row=2,
         also=NO_BENEFITS),
    Case("portfolio: unknown objective", "portfolio.csv", P_HEAD + P1.replace(",O2,", ",O7,"), "objective", "'O7'",
         "objective id", row=1, also=NO_BENEFITS),
    Case("portfolio: unknown dependency", "portfolio.csv", P_HEAD + P1.replace(",,,false", ",I99,,false"),
         "depends_on", "'I99'", "an initiative id", row=1, also=NO_BENEFITS),
    Case("portfolio: dependency cycle is named", "portfolio.csv",
         P_HEAD + P1.replace(",,,false", ",I02,,false") + P2.replace(",,,false", ",I01,,false"),
         "depends_on", "the cycle I01 → I02 → I01", "never lead back", also=NO_BENEFITS),
]

CASES = RESPONSES + CLIENT + BENEFITS + PORTFOLIO + HARDENING


def apply(case: Case, data_dir: Path) -> Path:
    folder = data_dir / case.client
    for name, content in ((case.file, case.content), *case.also):
        target = folder / name
        target.unlink(missing_ok=True)
        if isinstance(content, Link):
            target.symlink_to(content.target)
        elif isinstance(content, Fifo):
            os.mkfifo(target)
        elif content is not None:
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


LIMIT_S = 5.0  # every case is decided in seconds; the alias bomb in well under one (test_hardening)


@pytest.fixture
def client_copy(tmp_path: Path) -> Path:
    data = tmp_path / "clients"
    for client in ("acme-logistics", "helix-health"):
        shutil.copytree(DEFAULT_DATA_DIR / client, data / client)
    return data


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_catalogue(case: Case, client_copy: Path, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    folder = apply(case, client_copy)
    started = time.perf_counter()
    issues = check(folder)
    assert time.perf_counter() - started < LIMIT_S, "validation took too long: a hang in the making"
    code = main(["validate", case.client, "--data-dir", str(client_copy)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if case.field is None:
        assert issues == [] and code == 0, [str(i) for i in issues]
        return
    assert code == 1
    matching = [i for i in issues if i.file == case.file and i.field == case.field]
    assert matching, f"no issue on {case.file} field {case.field!r}; got {[str(i) for i in issues]}"
    issue = matching[0]
    text = str(issue)
    if case.found:
        assert case.found in text.split("; expected")[0], text
    if case.expected:
        assert case.expected in text.split("; expected")[1], text
    if case.row is not None:
        assert issue.row == case.row, text
    if case.line is not None:
        assert issue.line == case.line, text
    assert text in err  # the CLI prints exactly the same sentence
    assert not (tmp_path / "PWNED").exists()


def test_the_readme_states_the_catalogues_count():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"holds {len(CASES)} cases" in readme, f"update the README: the catalogue holds {len(CASES)} cases"
