"""The maturity workshop form, driven through its widgets' values and callbacks (no browser)."""
from __future__ import annotations

import datetime as dt

from playbook.maturity import model as maturity_model
from playbook.maturity import responses
from playbook.maturity.workshop_form import DONT_KNOW, MaturityForm

WAVE = dt.date(2026, 10, 12)


def form_for(data_dir):
    folder = data_dir / "acme-logistics"
    return folder, MaturityForm(folder, maturity_model.get("pmo"), WAVE, {"governance": 3})


def test_save_appends_one_respondent_and_keeps_every_row(data_dir):
    folder, form = form_for(data_dir)
    before = (folder / responses.FILE).read_text(encoding="utf-8")
    form.respondent.value = "Nina New"
    form.role.value = "Delivery team"
    form.scores["GOV1"].value = "4"
    form.scores["GOV2"].value = DONT_KNOW
    form.scores["BEN1"].value = "2"
    form.save_button.click()
    after = (folder / responses.FILE).read_text(encoding="utf-8")
    assert after.startswith(before)
    added = after[len(before):].strip().splitlines()
    assert len(added) == 3 and all(line.startswith("Nina New,Delivery team,") for line in added)
    frame = responses.load_valid(folder, maturity_model.get("pmo"), WAVE)
    assert frame[frame["wave"] == WAVE]["respondent"].nunique() == 13  # 12 demo respondents + Nina
    assert "Saved 3 answers" in form.message.value
    assert form.respondent.value == "" and form.scores["GOV1"].value is None  # ready for the next person
    assert form.preview.outputs, "the live preview is redrawn after a save"


def test_bad_entries_are_refused_and_nothing_is_written(data_dir):
    folder, form = form_for(data_dir)
    before = (folder / responses.FILE).read_bytes()
    assert form.save() is False and "name" in form.message.value
    form.respondent.value = "Nina New"
    assert form.save() is False and "role" in form.message.value
    form.role.value = "Executive"
    form.scores["GOV1"].value = DONT_KNOW
    assert form.save() is False and "at least one" in form.message.value
    form.respondent.value = "Dana Lee"  # already answered this wave
    form.scores["GOV1"].value = "3"
    assert form.save() is False and "already answered" in form.message.value
    assert (folder / responses.FILE).read_bytes() == before


def test_names_are_escaped_in_messages(data_dir):
    _, form = form_for(data_dir)
    form.respondent.value = "<script>alert(1)</script>"
    form.role.value = "Exec"
    form.scores["GOV1"].value = "3"
    assert form.save() is True
    assert "<script>" not in form.message.value and "&lt;script&gt;" in form.message.value
