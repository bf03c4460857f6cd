"""The role templates: a broken template is refused naming what is wrong; every section is worded."""
from __future__ import annotations

from pathlib import Path

import pytest

from playbook.errors import TemplateError
from playbook.onboarding.templates import _template_at, template


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pmo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


POSITIONING = """
positioning:
  lines: {}
  strategic_terms: []
  traditional_terms: []
  strategic_mandate: s
  traditional_mandate: t
  no_line: l
  no_mandate: m
wording:
  title: t
  full_time: f
  verdicts: {strategic: s, traditional: t, unclear: u}
  intros: {objectives: o, kpis: k, decisions: d, time: t, cadence: c, plan: p, stakeholders: s, resources: r}
"""


def test_template_missing_a_milestone_is_refused(tmp_path):
    path = _write(tmp_path, "role: pmo\nplan:\n  - {phase: Diagnose, task: x, start_day: 0, end_day: 10, "
                            "deliverable: y, notebook: maturity}\n" + POSITIONING)
    with pytest.raises(TemplateError, match="prioritisation"):
        _template_at(path)


def test_template_task_outside_its_phase_is_refused(tmp_path):
    path = _write(tmp_path, "role: pmo\nplan:\n  - {phase: Diagnose, task: x, start_day: 20, end_day: 45, "
                            "deliverable: y}\n" + POSITIONING)
    with pytest.raises(TemplateError, match="Diagnose"):
        _template_at(path)


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_every_section_intro_is_worded_per_role(role):
    intros = template(role).wording.intros.model_dump()
    assert set(intros) == {"objectives", "kpis", "decisions", "time", "cadence", "plan", "stakeholders", "resources"}
    assert all(len(text) > 40 for text in intros.values())
    assert f"fractional {role.upper()}" in intros["time"] and f"fractional {role.upper()}" in intros["kpis"]
