"""The weighting workshop's mended defects: Save writes only what the user moved, typed
weights outside 0–1 are clamped with a word, stale refusals clear, and the live cut list is
strict JSON (a widget message cannot carry NaN)."""
from __future__ import annotations

from pathlib import Path

from playbook.intake.client import load_client
from playbook.prioritisation import portfolio
from playbook.prioritisation.workshop_form import WeightsWorkshop


def workshop(folder: Path) -> WeightsWorkshop:
    client = load_client(folder)
    return WeightsWorkshop(folder, client, portfolio.load_valid(folder, client))


def test_save_without_moving_anything_writes_nothing_and_only_moved_weights_are_written(data_dir):
    folder = data_dir / "acme-logistics"
    path = folder / "client.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("weight: 0.4}", "weight: 1}")
                    .replace("weight: 0.2,", "weight: 0.333,"), encoding="utf-8")  # shares 1/2.333 etc.
    before = path.read_bytes()
    ws = workshop(folder)
    assert ws.save() is False and "Nothing to save" in ws.message.value
    assert path.read_bytes() == before  # the sliders' rounding is never written back
    ws.sliders["financial_value"].value = 0.5  # a share of the 2.333 total
    assert "Nothing to save" not in ws.message.value
    assert ws.save() is True
    changed = [(a, b) for a, b in zip(before.decode().splitlines(), path.read_text().splitlines()) if a != b]
    assert changed == [("    - {name: financial_value, weight: 1}", "    - {name: financial_value, weight: 1.167}")]


def test_typed_weights_outside_0_to_1_are_clamped_with_a_word_and_text_is_refused(data_dir):
    ws = workshop(data_dir / "acme-logistics")
    ws.boxes["strategic_fit"].value = "5"
    assert ws.sliders["strategic_fit"].value == 1 and ws.boxes["strategic_fit"].value == "1.00"
    assert "5 is outside 0–1, so it was set to 1" in ws.message.value
    ws.boxes["delivery_risk"].value = "-0.5"
    assert ws.sliders["delivery_risk"].value == 0 and "-0.5 is outside 0–1, so it was set to 0" in ws.message.value
    ws.boxes["financial_value"].value = "abc"
    assert ws.sliders["financial_value"].value == 0.4 and ws.boxes["financial_value"].value == "0.40"
    assert "&#x27;abc&#x27; is not a number; the weight stays 0.40" in ws.message.value
    ws.boxes["financial_value"].value = "0.25"
    assert ws.sliders["financial_value"].value == 0.25


def test_a_refusal_clears_once_a_slider_moves(data_dir):
    ws = workshop(data_dir / "acme-logistics")
    for slider in ws.sliders.values():
        slider.value = 0
    assert ws.save() is False and "Not saved" in ws.message.value
    ws.sliders["strategic_fit"].value = 0.3
    assert ws.message.value == ""


def test_the_live_cut_list_is_strict_json_for_every_demo_client(data_dir):
    import json

    for client in ("acme-logistics", "helix-health", "northwind-retail"):
        ws = workshop(data_dir / client)
        json.dumps(ws.preview.outputs, allow_nan=False)  # raises on NaN: the widget message would fail
