"""The status-report form: a valid entry is appended (nothing else touched), a bad one is refused
with the field named and nothing written."""
from __future__ import annotations

from playbook.delivery import loading
from playbook.delivery.workshop_form import StatusForm
from playbook.intake.client import load_client


def form_for(data_dir):
    folder = data_dir / "acme-logistics"
    client = load_client(folder)
    return folder, StatusForm(folder, client, client.as_of)


def fill(form, **values):
    form.initiative.value = values.get("initiative", "I01")
    form.date.value = values.get("date", "2026-10-31")
    form.percent.value = values.get("percent", "58")
    form.cost.value = values.get("cost", "245000")
    form.finish.value = values.get("finish", "2027-03-31")
    form.rag.value = values.get("rag", "green")
    form.commentary.value = values.get("commentary", "Pilot depots live.")


def test_only_committed_initiatives_are_offered(data_dir):
    _, form = form_for(data_dir)
    ids = [value for _, value in form.initiative.options]
    assert "I01" in ids and "I21" in ids and "I07" not in ids and "I26" not in ids


def test_a_valid_report_is_appended_and_nothing_else_changes(data_dir):
    folder, form = form_for(data_dir)
    path = folder / loading.REPORTS
    before = path.read_bytes()
    fill(form)
    assert form.save(), form.message.value
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].decode() == "I01,2026-10-31,58,245000,2027-03-31,green,Pilot depots live.\n"
    assert "Saved" in form.message.value and form.percent.value == ""


def test_a_bad_report_is_refused_with_the_field_named(data_dir):
    folder, form = form_for(data_dir)
    path = folder / loading.REPORTS
    before = path.read_bytes()
    fill(form, percent="5", commentary="")  # below the previous report, without saying why
    assert not form.save()
    assert "percent_complete" in form.message.value and "backwards" in form.message.value
    fill(form, date="2027-01-01")
    assert not form.save() and "as-of date" in form.message.value
    fill(form, cost="-3")
    assert not form.save() and "actual_cost" in form.message.value
    assert path.read_bytes() == before
