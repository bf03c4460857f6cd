"""The onboarding notebook end to end: papermill execution, the HTML deliverable and its results
JSON, validation through the CLI, and a freshly scaffolded client."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from playbook.cli import main
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.engine.run import run

pytestmark = pytest.mark.slow


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "client.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def page_text(path: Path) -> str:
    """The deliverable's visible text (scripts and tags removed, entities decoded)."""
    body = re.sub(r"<script.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_two_accountable_people_are_reported_in_html_and_json(data_dir, tmp_path):
    edit(data_dir / "acme-logistics", "Ops board: I, Ravi Menon: C}", "Ops board: I, Ravi Menon: A}")
    outcome = run("acme-logistics", "onboarding", data_dir, tmp_path / "reports")
    issue = ("Workstream 'Portfolio governance' has 2 accountable people (A): Dana Lee, Ravi Menon; "
             "it needs exactly one")
    results = json.loads(outcome.html.with_name("onboarding.results.json").read_text())
    assert issue in results["raci_issues"] and issue in results["must_fix"]
    text = page_text(outcome.html)
    assert issue in text
    assert "1 of 4 workstreams lacks clear decision rights : Portfolio governance (2 accountable)" in text


def test_shares_summing_to_1_3_fail_validation_naming_workstreams_and_the_sum(data_dir, capsys):
    edit(data_dir / "acme-logistics", "{name: Portfolio governance, share: 0.35}",
         "{name: Portfolio governance, share: 0.65}")
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "field 'workstreams'" in err and "1.30" in err and "sum to 1" in err


def test_shares_summing_to_1_3_write_no_deliverable(data_dir, tmp_path, capsys):
    edit(data_dir / "acme-logistics", "{name: Portfolio governance, share: 0.35}",
         "{name: Portfolio governance, share: 0.65}")
    out = tmp_path / "reports"
    assert main(["run", "acme-logistics", "--notebook", "onboarding", "--data-dir", str(data_dir),
                 "--out", str(out)]) == 1
    assert "workstreams" in capsys.readouterr().err
    assert not (out / "acme-logistics" / "onboarding.html").exists()


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_new_client_validates_and_renders_saying_what_is_missing(tmp_path, capsys, role):
    data, out = tmp_path / "clients", tmp_path / "reports"
    assert main(["new-client", "acme-test", "--role", role, "--data-dir", str(data)]) == 0
    assert main(["validate", "acme-test", "--data-dir", str(data)]) == 0
    assert main(["run", "acme-test", "--notebook", "onboarding,maturity", "--data-dir", str(data),
                 "--out", str(out)]) == 0, capsys.readouterr().err
    results = json.loads((out / "acme-test" / "onboarding.results.json").read_text())
    assert [results[k] for k in ("fractional_cost", "full_time_cost_same_term", "cost_ratio",
                                 "meeting_load_share")] == [None] * 4
    assert results["role"] == role and 3 <= len(results["must_fix"]) <= 5
    text = page_text(out / "acme-test" / "onboarding.html")
    assert "The cost case is not made yet" in text
    assert "Not agreed yet: the workstreams and who decides them" in text
    assert not re.search(r"[£€$]\d", text)  # no money anywhere: none was given
    assert "Decisions requested" in text and "The sponsor (not named yet)" in text
    assert f"Fractional {role.upper()}" in text
    assert "No maturity responses are recorded yet" in page_text(out / "acme-test" / "maturity.html")


def test_cmo_deliverable_uses_marketing_wording(tmp_path):
    outcome = run("northwind-retail", "onboarding", DEFAULT_DATA_DIR, tmp_path)
    text = page_text(outcome.html)
    assert "a full-time CMO" in text and "KPIs a fractional CMO is usually measured by" in text
    assert "Run the marketing maturity workshop" in text and "PMO maturity" not in text
    assert outcome.results["cost_ratio"] == pytest.approx(46_800 / (210_000 * 24 / 52))


def test_acme_opens_decision_first_and_its_plan_shows_the_slipped_workshop(tmp_path):
    outcome = run("acme-logistics", "onboarding", DEFAULT_DATA_DIR, tmp_path)
    text = page_text(outcome.html)
    summary = text.split("The engagement in numbers")[0]
    assert summary.index("Jira read access is blocked") < summary.index("The engagement costs £57k")
    assert "Decisions requested" in summary and "24 November 2026" in summary  # the next steering committee
    assert "1.7 times a full-time hour" in summary
    assert "Done late, 13 days after the plan" in text and "Workshop held on 12 October 2026" in text
    assert outcome.results["plan_status"]["Done late"] == 1 and outcome.results["plan_status"]["Late"] == 1
    assert outcome.results["decisions"][0]["by"] == outcome.results["decide_by"] == "2026-11-24"
    assert outcome.results["hourly_premium"] == pytest.approx(1.7333, abs=1e-4)
