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
    assert "3 of 40 answered" in form.progress.value
    form.save_button.click()  # a partial set: the form asks first and writes nothing
    assert "3 of 40 questions answered" in form.message.value
    assert (folder / responses.FILE).read_text(encoding="utf-8") == before
    form.save_button.click()  # pressed again on the same answers: saved
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
    assert form.save() is False and "press Save again" in form.message.value
    assert form.save() is True
    assert "<script>" not in form.message.value and "&lt;script&gt;" in form.message.value


def test_the_wave_is_the_sessions_date_not_client_yamls_as_of(data_dir):
    folder = data_dir / "acme-logistics"
    form = MaturityForm(folder, maturity_model.get("pmo"))
    assert form.wave.value == dt.date.today()  # client.yaml's as_of is 2026-11-01
    form.respondent.value, form.role.value = "Wanda Wave", "Executive"
    for toggle in form.scores.values():
        toggle.value = "3"
    assert form.save() is True  # a full set saves at once
    frame = responses.load_valid(folder, maturity_model.get("pmo"), dt.date.today())
    assert set(frame[frame["respondent"] == "Wanda Wave"]["wave"]) == {dt.date.today()}
    as_of = responses.load_valid(folder, maturity_model.get("pmo"), dt.date(2026, 11, 1))
    assert "Wanda Wave" not in set(as_of["respondent"])  # a deliverable as of 1 Nov leaves it out


def test_a_comment_is_saved_on_the_question_it_is_about(data_dir):
    folder, form = form_for(data_dir)
    form.respondent.value, form.role.value = "Cora Comment", "Executive"
    form.scores["GOV1"].value = "2"
    form.comment.value = "Nobody owns the gate."
    assert form.save() is False and "choose the question" in form.message.value
    form.comment_on.value = "GOV3"  # not scored: kept as a don't-know with the comment
    form.save()
    assert form.save() is True
    frame = responses.load_valid(folder, maturity_model.get("pmo"), WAVE)
    mine = frame[frame["respondent"] == "Cora Comment"].set_index("question")
    assert mine.at["GOV3", "comment"] == "Nobody owns the gate." and mine["score"].isna()["GOV3"]
    assert mine.at["GOV1", "score"] == 2 and form.comment.value == ""


def test_a_refusal_clears_once_the_values_change_and_write_errors_are_shown(data_dir):
    folder, form = form_for(data_dir)
    assert form.save() is False and "Not saved" in form.message.value
    form.respondent.value = "Fixed Name"
    assert form.message.value == ""  # the stale "Not saved" is gone
    form.role.value = "Executive"
    form.scores["GOV1"].value = "3"
    form.save()
    (folder / responses.FILE).write_bytes("respondent,role,question,score\n".encode() + "Renée,X,GOV1,3\n".encode("cp1252"))
    form.respondent.value = "Łukasz"
    form.save()
    assert form.save() is False and "Windows-1252" in form.message.value  # said in the form, not only the log
