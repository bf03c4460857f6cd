"""The weighting workshop, driven through its sliders and Save button (no browser): live
re-selection, and a save that changes only the weights and keeps every comment."""
from __future__ import annotations

from pathlib import Path

from playbook.report import theme as charts
from playbook.prioritisation import portfolio
from playbook.intake.client import load_client
from playbook.prioritisation.workshop_form import WeightsWorkshop


def workshop(folder: Path) -> WeightsWorkshop:
    client = load_client(folder)
    return WeightsWorkshop(folder, client, portfolio.load_valid(folder, client))


def test_sliders_reselect_live_and_say_what_changed(data_dir):
    ws = workshop(data_dir / "northwind-retail")
    assert "no change" in ws.summary.value and ws.preview.outputs
    ws.sliders["strategic_fit"].value = 0.0  # with the demo's work under way, 0.9 no longer moves the line
    assert "now funded" in ws.summary.value or "no longer funded" in ws.summary.value
    assert charts.MIME in ws.preview.outputs[0]["data"]


def test_save_writes_the_weights_and_keeps_comments_and_the_rest(data_dir):
    folder = data_dir / "acme-logistics"
    before = (folder / "client.yaml").read_text(encoding="utf-8")
    ws = workshop(folder)
    ws.sliders["strategic_fit"].value = 0.5
    ws.sliders["financial_value"].value = 0.3
    ws.sliders["delivery_risk"].value = 0.2
    ws.save_button.click()
    assert "Saved" in ws.message.value
    after = (folder / "client.yaml").read_text(encoding="utf-8")
    weights = {c.name: c.weight for c in load_client(folder).prioritisation.criteria}
    assert weights == {"strategic_fit": 0.5, "financial_value": 0.3, "delivery_risk": 0.2}
    assert "- {name: delivery_risk, weight: 0.2, lower_is_better: true}" in after  # flow style kept
    comments = [ln for ln in before.splitlines() if ln.lstrip().startswith("#") or " # " in ln]
    assert comments and all(c in after for c in comments)
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 2 and all("weight:" in a for a, _ in changed)
    assert not list((folder).glob(".client.yaml.*.tmp"))  # the atomic write left nothing behind


def test_ahp_judgement_sliders_save_only_what_moved(data_dir):
    folder = data_dir / "helix-health"
    before = (folder / "client.yaml").read_text(encoding="utf-8")
    ws = workshop(folder)
    assert ws.uses_ahp and "CR 0.11" in ws.summary.value
    ws.sliders["patient_impact over financial_value"].value = 1.0  # revisit the flagged judgement
    assert "consistent" in ws.summary.value.lower()
    assert ws.save() is True
    after = (folder / "client.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("    patient_impact over financial_value: 3", "    patient_impact over financial_value: 1")]
    assert "# from the executive committee's workshop" in after
    assert load_client(folder).prioritisation.pairwise["patient_impact over financial_value"] == 1


def test_all_zero_weights_are_refused_and_nothing_written(data_dir):
    folder = data_dir / "acme-logistics"
    before = (folder / "client.yaml").read_bytes()
    ws = workshop(folder)
    for slider in ws.sliders.values():
        slider.value = 0
    assert "at least one criterion" in ws.summary.value
    assert ws.save() is False and "Not saved" in ws.message.value
    assert (folder / "client.yaml").read_bytes() == before


def test_a_client_yaml_changed_underneath_is_not_overwritten(data_dir):
    folder = data_dir / "acme-logistics"
    ws = workshop(folder)
    path = folder / "client.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: delivery_risk", "name: risk"), encoding="utf-8")
    ws.sliders["strategic_fit"].value = 0.7
    assert ws.save() is False and "changed since" in ws.message.value

