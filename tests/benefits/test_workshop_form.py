"""The benefits workshop form, driven through its widgets' values (no browser), and the round
trip: a measurement captured in the room changes that benefit's figures in the next deliverable."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from playbook.benefits import register as benefit_register
from playbook.benefits.register import ACTUALS_FILE
from playbook.benefits.workshop_form import ActualForm
from playbook.intake.client import load_client

AS_OF = dt.date(2026, 11, 1)


def form_for(data_dir):
    folder = data_dir / "acme-logistics"
    return folder, ActualForm(folder, load_client(folder), AS_OF)


def fill(form: ActualForm, benefit: str | None, on: str, value: str, note: str = "") -> None:
    form.benefit.value = benefit
    form.date.value = on
    form.value.value = value
    form.note.value = note


def test_options_are_the_registers_benefits_and_the_date_defaults_to_today(data_dir):
    _, form = form_for(data_dir)
    assert [v for _, v in form.benefit.options][:3] == ["B01", "B02", "B03"]
    assert form.benefit.options[0][0] == "B01 Dynamic route optimisation"
    assert form.date.value == dt.date.today().isoformat() and form.benefit.value is None
    form.benefit.value = "B02"
    assert "Sort cost per parcel" in form.hint.value and "0.480 → 0.390 GBP" in form.hint.value


def test_save_appends_one_row_and_keeps_every_existing_row(data_dir):
    folder, form = form_for(data_dir)
    before = (folder / ACTUALS_FILE).read_text(encoding="utf-8")
    fill(form, "B02", "2026-10-30", "0.43", "Midlands hub sort trial")
    assert form.save() is True
    after = (folder / ACTUALS_FILE).read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):] == "B02,2026-10-30,0.43,Midlands hub sort trial\n"
    register = benefit_register.load_valid(folder, load_client(folder))
    assert register.actuals.iloc[-1].to_dict() == {"benefit": "B02", "date": dt.date(2026, 10, 30),
                                                   "value": 0.43, "note": "Midlands hub sort trial"}
    assert "Saved B02" in form.message.value and "Status now" in form.message.value
    assert form.value.value == "" and form.note.value == ""  # ready for the next figure
    assert form.preview.outputs, "the live preview is redrawn after a save"


@pytest.mark.parametrize("benefit, on, value, words", [
    (None, "2026-10-30", "0.43", "benefit"),
    ("B02", "30/10/2026", "0.43", "YYYY-MM-DD"),
    ("B02", (dt.date.today() + dt.timedelta(days=1)).isoformat(), "0.43", "cannot be in the future"),
    ("B01", "2025-09-02", "0.6", "0.62 is already recorded on that date"),
    ("B02", "2026-10-30", "", "value: found nothing"),
    ("B02", "2026-10-30", "0.43 GBP", "a number"),
    ("B02", "2026-10-30", "inf", "a number"),
])
def test_bad_entries_are_refused_and_nothing_is_written(data_dir, benefit, on, value, words):
    folder, form = form_for(data_dir)
    before = (folder / ACTUALS_FILE).read_bytes()
    fill(form, benefit, on, value)
    assert form.save() is False
    assert "Not saved" in form.message.value and words in form.message.value
    assert (folder / ACTUALS_FILE).read_bytes() == before


def test_a_broken_file_is_not_written_to(data_dir):
    folder, form = form_for(data_dir)
    path = folder / ACTUALS_FILE
    path.write_text(path.read_text(encoding="utf-8") + "B99,2026-10-01,1,\n", encoding="utf-8")
    before = path.read_bytes()
    fill(form, "B02", "2026-10-30", "0.43")
    assert form.save() is False and "fix them first" in form.message.value
    assert path.read_bytes() == before


def test_typed_text_is_escaped_in_messages_and_notes_are_stored_as_typed(data_dir):
    folder, form = form_for(data_dir)
    fill(form, "B01", "<script>alert(1)</script>", "0.56")
    assert form.save() is False
    assert "<script>" not in form.message.value and "&lt;script&gt;" in form.message.value
    fill(form, "B01", "2026-10-30", "0.56", "<script>alert(1)</script>, quoted")
    assert form.save() is True
    register = benefit_register.load_valid(folder, load_client(folder))
    assert register.actuals.iloc[-1]["note"] == "<script>alert(1)</script>, quoted"


def test_after_as_of_but_not_in_the_future_is_saved_and_before_the_start_is_a_warning(data_dir):
    folder, form = form_for(data_dir)
    fill(form, "B02", "2026-11-15", "0.45")  # after client.yaml's as_of (2026-11-01), before today
    assert form.save() is True and "check the date" not in form.message.value
    fill(form, "B02", "2025-10-20", "0.48")  # B02 starts 2025-11-01
    assert form.save() is True and "before B02 starts (01 Nov 2025): saved, but check the date" in form.message.value


def test_a_refusal_clears_once_the_values_change(data_dir):
    _, form = form_for(data_dir)
    fill(form, "B02", "2026-10-30", "")
    assert form.save() is False and "Not saved" in form.message.value
    form.value.value = "0.43"
    assert form.message.value == ""


@pytest.mark.slow
def test_a_measurement_saved_in_the_workshop_changes_the_next_deliverable(data_dir, tmp_path):
    from playbook.engine.run import run

    before = run("acme-logistics", "benefits", data_dir, tmp_path / "before").results["benefits"]["B04"]
    assert before["rag"] == "amber"
    _, form = form_for(data_dir)
    # B04 runs 0 → 2.4 from 1 Jul 2025 to 31 Dec 2027 (913 days): on 31 Oct 2026 (day 487) the plan is 1.28
    fill(form, "B04", "2026-10-31", "1.40", "Portal sign-ups ahead after the autumn campaign")
    assert form.save() is True
    outcome = run("acme-logistics", "benefits", data_dir, tmp_path / "after")
    after = json.loads(outcome.html.with_name("benefits.results.json").read_text())["benefits"]["B04"]
    assert after["realisation_pct"] > before["realisation_pct"]
    assert after["progress_pct"] > before["progress_pct"]
    assert after["latest_date"] == "2026-10-31" and after["rag"] == "green"
