"""Write a notebook from a list of cells, outputs stripped, so notebook sources stay
reviewable as Python. Usage: build(path, [("md", text), ("code", src, ["parameters"])])."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


PARAMETERS = ("code", '''
# Parameters: papermill replaces this cell; the defaults point at a demo client.
client_id = "acme-logistics"
data_dir = "../data/clients"
as_of = None
mode = "live"  # "live" in JupyterLab shows the workshop form; `playbook run` passes "report"
''', ["parameters"])


def build(path: Path, cells: Sequence[tuple]) -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(cells):
        kind, source, tags = (*cell, [])[:3]
        made = new_markdown_cell(source.strip()) if kind == "md" else new_code_cell(source.strip())
        made["id"] = f"{path.stem}-{i:02d}"
        if tags:
            made.metadata["tags"] = list(tags)
        nb.cells.append(made)
    nbformat.validate(nb)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
