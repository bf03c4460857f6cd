"""The layout holds: imports run one way, modules fit on a screen, notebooks are their own source.

Layers, bottom to top: errors < intake < report < stages < practice/workshop < engine < cli.
A module may import its own layer or a lower one. A stage may use another stage only through
that stage's package (`from playbook import maturity`, `from playbook.maturity import x` where
x is re-exported by its __init__), never its internal modules."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "playbook"
NOTEBOOKS = ROOT / "notebooks"
STAGES = {"onboarding", "maturity", "prioritisation", "delivery", "benefits"}
LAYER = {"errors": 0, "__init__": 0, "intake": 1, "report": 2, **{s: 3 for s in STAGES},
         "practice": 4, "workshop": 4, "engine": 5, "cli": 6}
MAX_LINES = 450


def _part(module: str) -> str:
    """'playbook.maturity.scoring' -> 'maturity'; 'playbook' -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, imported playbook module) for every import in a file, `from playbook import x`
    resolved to `playbook.x` and relative imports made absolute."""
    here = ".".join(path.relative_to(root.parent).with_suffix("").parts)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    package = package.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == root.name]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != root.name:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                is_module = (root.parent / Path(*sub.split("."))).with_suffix(".py").exists() or \
                    (root.parent / Path(*sub.split(".")) / "__init__.py").exists()
                found.append((node.lineno, sub if is_module else base))
    return found


def violations(root: Path) -> list[str]:
    """Every import in the package `root` that runs against the layers."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        me = _part(".".join(rel.with_suffix("").parts))
        for line, module in _imports(path, root):
            them = _part(module)
            if them not in LAYER or me not in LAYER:
                out.append(f"{rel}:{line} imports {module}: not in a known layer")
            elif LAYER[them] > LAYER[me]:
                out.append(f"{rel}:{line} imports {module}: a higher layer ({them} above {me})")
            elif them in STAGES and me in STAGES and them != me and module.count(".") > 1:
                out.append(f"{rel}:{line} imports {module}: another stage's internals "
                           f"(use `from {root.name} import {them}`)")
    return out


def test_imports_run_one_way() -> None:
    assert violations(PACKAGE) == []


def test_the_check_catches_a_stage_reaching_into_another(tmp_path: Path) -> None:
    fake = tmp_path / "playbook"
    for pkg in ("intake", "maturity", "prioritisation", "report"):
        (fake / pkg).mkdir(parents=True)
        (fake / pkg / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "maturity" / "scoring.py").write_text("X = 1\n")
    (fake / "prioritisation" / "selection.py").write_text("from playbook.maturity.scoring import X\n")
    (fake / "report" / "theme.py").write_text("from playbook.prioritisation import selection\n")
    (fake / "intake" / "client.py").write_text("from ..report import theme\n")
    found = violations(fake)
    assert any("selection.py:1 imports playbook.maturity.scoring: another stage's internals" in v for v in found)
    assert any("theme.py:1 imports playbook.prioritisation.selection: a higher layer" in v for v in found)
    assert any("client.py:1 imports playbook.report.theme: a higher layer" in v for v in found)
    assert len(found) == 3


def test_modules_fit_on_a_screen() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_stage_is_a_package_with_its_notebook() -> None:
    for nb in NOTEBOOKS.glob("*.ipynb"):
        assert (PACKAGE / nb.stem / "__init__.py").exists(), f"{nb.name} has no playbook/{nb.stem}/"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_are_stripped_sources(path: Path) -> None:
    """The .ipynb is the source: committed without outputs, so diffs are reviewable and a
    JupyterLab edit is the edit (nothing regenerates notebooks)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, \
                f"{path.name}: clear the outputs before committing (Edit > Clear Outputs of All Cells)"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_first_code_cell_imports_own_stage_and_report_only(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    tree = ast.parse("".join(first["source"]))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert modules, f"{path.name}: the first code cell should be the imports"
    allowed = (f"playbook.{path.stem}", "playbook.report")
    assert all(any(m == a or m.startswith(a + ".") for a in allowed) for m in modules), modules
