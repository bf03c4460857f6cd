"""The charter lives: each plan task's status at the as-of date, from the client's other files,
with hand-worked dates (Acme starts Tuesday 1 September 2026)."""
from __future__ import annotations

from pathlib import Path

import pytest

from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.onboarding import progress
from playbook.onboarding.progress import (DONE, DONE_LATE, DUE, LATE, TO_CONFIRM, Evidence, Proof, days_behind,
                                          gather, progress_table, status)
from tests.onboarding.helpers import D, SCAFFOLD, client, demo

DUE_DAY = D(2026, 10, 31)


@pytest.mark.parametrize("as_of, proof, expected", [
    (D(2026, 10, 30), Proof(False), DUE),
    (DUE_DAY, Proof(False), DUE),  # due exactly on the as-of date is not late yet
    (D(2026, 11, 1), Proof(False), LATE),  # one day after
    (D(2026, 11, 1), Proof(True, DUE_DAY), DONE),  # done on the day it was due
    (D(2026, 11, 1), Proof(True, D(2026, 11, 1)), DONE_LATE),  # a day after
    (D(2026, 12, 1), Proof(True), DONE),  # done, with no date to judge it by
    (DUE_DAY, None, DUE),  # nothing can show it, but it is not due yet
    (D(2026, 11, 1), None, TO_CONFIRM),  # past its date and nothing can show it: never called late
])
def test_status_at_the_as_of_date(as_of, proof, expected):
    assert status(DUE_DAY, as_of, proof) == expected


def test_days_behind_count_to_the_day_done_or_to_the_as_of_date():
    assert days_behind(D(2026, 9, 29), D(2026, 11, 1), DONE_LATE, Proof(True, D(2026, 10, 12))) == 13
    assert days_behind(DUE_DAY, D(2026, 11, 1), LATE, Proof(False)) == 1
    assert days_behind(DUE_DAY, D(2026, 11, 15), TO_CONFIRM, None) == 15
    assert days_behind(DUE_DAY, D(2026, 10, 1), DUE, Proof(False)) == 0


def test_acme_maturity_workshop_slipped_to_12_october_and_decisions_are_a_day_late():
    acme = demo("acme-logistics")
    table = progress.progress(acme, gather(DEFAULT_DATA_DIR / "acme-logistics", D(2026, 11, 1)), D(2026, 11, 1))
    rows = table.set_index("check")
    workshop = rows.loc["maturity"]  # day 28 from 1 September = 29 September; the wave is dated 12 October
    assert (workshop["due"], workshop["status"], workshop["done_on"], workshop["days_late"]) == (
        D(2026, 9, 29), DONE_LATE, D(2026, 10, 12), 13)
    decisions = rows.loc["decisions"]  # day 60 = 31 October; 27 proposals have no status
    assert (decisions["due"], decisions["status"], decisions["days_late"]) == (D(2026, 10, 31), LATE, 1)
    assert decisions["note"] == "27 proposals still await a decision"
    assert rows.loc["benefit_baselines", "status"] == DUE  # day 80 = 20 November
    assert table.loc[table["check"].isna(), "status"].tolist() == [DUE]  # the 90-day review, due 30 November
    shown = progress_table(table)
    assert list(shown.columns) == ["Phase", "Task", "Planned by", "Status", "What the records show"]
    assert "Done late, 13 days after the plan" in shown["Status"].tolist()
    assert "Late, 1 day after the plan" in shown["Status"].tolist()


def test_the_same_plan_a_day_earlier_has_the_decisions_due_not_late():
    acme = demo("acme-logistics")
    table = progress.progress(acme, gather(DEFAULT_DATA_DIR / "acme-logistics", DUE_DAY), DUE_DAY)
    assert table.set_index("check").loc["decisions", "status"] == DUE
    assert [s.task for s in progress.slips(table)] == ["Run the PMO maturity workshop with the leadership team"]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text.strip() + "\n", encoding="utf-8")


def test_gather_reads_dated_evidence_up_to_the_as_of_date(tmp_path):
    _write(tmp_path, "maturity_responses.csv", """
respondent,role,question,score,wave
A,Executive,SA1,3,2026-03-16
A,Executive,SA1,4,2026-10-12
B,Executive,SA1,,2026-10-20
C,Executive,SA1,2,2026-12-01""")  # a blank score is no answer; December is after the as-of date
    _write(tmp_path, "portfolio.csv", """
id,name,objective,cost,status
I1,One,O1,10,in_flight
I2,Two,O1,10,
I3,Three,O1,10,proposed
I4,Four,O1,10,stopped""")
    _write(tmp_path, "benefits.csv", """
id,name,initiative,objective,owner,measure,unit,direction,baseline,target,start,due
B1,One,I1,O1,Kim,Cost,GBP,decrease,5,4,2026-01-01,2027-01-01
B2,Two,I2,O1,Kim,Cost,GBP,decrease,5,4,2026-01-01,2027-01-01
B3,Four,I4,O1,,Cost,GBP,decrease,5,4,2026-01-01,2027-01-01""")  # only I1 is funded
    _write(tmp_path, "benefit_actuals.csv", """
benefit,date,value
B1,2026-09-02,5
B1,2026-12-02,4.5
B2,2026-09-02,5""")
    ev = gather(tmp_path, D(2026, 11, 1))
    assert ev.waves == (D(2026, 3, 16), D(2026, 10, 12))
    assert (ev.initiatives, ev.undecided) == (4, 2)
    assert (ev.benefits, ev.benefits_ready, ev.readings) == (1, 1, (D(2026, 9, 2),))
    assert ev.unreadable == ()


def test_gather_without_files_finds_nothing_and_fails_nothing(tmp_path):
    assert gather(tmp_path, D(2026, 11, 1)) == Evidence()


def test_a_broken_file_weakens_the_evidence_it_never_fails_the_charter(tmp_path):
    _write(tmp_path, "portfolio.csv", 'id,name,objective,cost,status\nI1,"unclosed,O1,10,\n')
    ev = gather(tmp_path, D(2026, 11, 1))
    assert ev.unreadable == ("portfolio.csv",)


def test_checks_on_a_hand_made_engagement():
    c = client()  # starts 1 September 2026; no prioritisation settings
    before = Evidence(waves=(D(2026, 3, 16),), initiatives=3, undecided=1, benefits=2, benefits_ready=1,
                      readings=(D(2026, 9, 2), D(2026, 11, 20)))
    start, task = D(2026, 9, 1), D(2026, 11, 15)
    checks = progress.CHECKS
    assert checks["maturity"](before, c, start, task) == Proof(
        False, note="The last workshop, on 16 March 2026, was before the engagement")
    assert checks["decisions"](before, c, start, task).note == "1 proposal still awaits a decision"
    assert not checks["criteria"](before, c, start, task).done  # no criteria agreed
    assert not checks["benefit_baselines"](before, c, start, task).done  # 1 of 2
    tracking = checks["benefit_tracking"](before, c, start, task)
    assert tracking.done and tracking.on == D(2026, 11, 20)  # the first reading on or after the task's start
    assert checks["charter"](before, c, start, task).done
    assert checks["decision_rights"](before, c, start, task).done


def test_without_a_start_date_nothing_is_dated_and_nothing_is_late():
    assert progress.progress(SCAFFOLD, Evidence(), D(2026, 11, 1)).empty


def test_the_run_is_handed_its_evidence_and_redrawn_when_it_changes(tmp_path):
    import shutil

    from playbook.engine.run import fingerprint_params, pack
    from playbook.engine import fingerprint
    from playbook.report import deliverables

    shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", tmp_path / "acme-logistics")
    spec, folder = deliverables.get("onboarding"), tmp_path / "acme-logistics"
    assert "portfolio.csv" not in spec.reads and "portfolio.csv" in spec.inputs  # read, never required valid
    job = pack("acme-logistics", "onboarding", tmp_path)
    assert {"maturity_responses.csv", "portfolio.csv", "benefits.csv", "benefit_actuals.csv"} <= set(job.files)
    before = fingerprint.compute(spec.path, fingerprint_params("acme-logistics", None, None), folder, spec.inputs)
    with (folder / "maturity_responses.csv").open("a", encoding="utf-8") as fh:
        fh.write("Late Comer,Executive,SA1,4,,2026-10-30\n")
    after = fingerprint.compute(spec.path, fingerprint_params("acme-logistics", None, None), folder, spec.inputs)
    assert after != before
