"""How a benefit's measures and promises are written."""
from __future__ import annotations

from playbook.benefits.text import measure_text, span_text


def test_measure_and_span_text():
    assert span_text(12.0, 18.0, "GBP m") == "12.0 → 18.0 GBP m"
    assert span_text(0.62, 0.54, "GBP") == "0.620 → 0.540 GBP"
    assert measure_text(94.81, "%", 94.5) == "94.8%"
